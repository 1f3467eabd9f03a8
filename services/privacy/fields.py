"""Which ticket fields hold personal data: the ``personal_data`` flag of a field definition."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def personal_data_keys(definition: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The keys of the fields flagged as personal data in a stored field-set definition."""
    return frozenset(
        str(field["key"]) for field in definition if field.get("personal_data") and "key" in field
    )
