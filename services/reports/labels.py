"""Texts for files and charts come from the caller (Fluent ``plain``), never from here."""

from __future__ import annotations

from typing import Any, Protocol


class Labels(Protocol):
    def plain(self, key: str, /, **args: Any) -> str: ...


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def blank(name: str, labels: Labels) -> str:
    return name or labels.plain("report-none")
