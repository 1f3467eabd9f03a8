"""How moments are shown: in the company's time zone, day first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MOMENT_FORMAT = "%d.%m.%Y %H:%M"


def format_moment(moment: datetime | None, tz: ZoneInfo) -> str:
    """``27.11.2026 14:30`` in ``tz``; a dash when there is no moment."""
    return moment.astimezone(tz).strftime(MOMENT_FORMAT) if moment is not None else "—"
