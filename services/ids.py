"""Stand-in message ids: replaced by the real ones once a held reply has gone out."""

from __future__ import annotations

from typing import Any


def replace_ids(value: Any, mapping: dict[int, int]) -> Any:
    """``value`` (JSON data) with every id found in ``mapping`` replaced."""
    if isinstance(value, dict):
        return {key: replace_ids(item, mapping) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_ids(item, mapping) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and value in mapping:
        return mapping[value]
    return value
