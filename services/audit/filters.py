"""What an admin types into the audit log's filters: a ticket number, a date."""

from __future__ import annotations

import re
from datetime import date, datetime

_NUMBER = re.compile(r"\s*(?:№|#|N)?\s*(\d{1,9})\s*", re.IGNORECASE)
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")


def parse_ticket_number(text: str) -> int | None:
    match = _NUMBER.fullmatch(text or "")
    if match is None:
        return None
    number = int(match.group(1))
    return number if number > 0 else None


def parse_day(text: str) -> date | None:
    value = (text or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def day_to_int(day: date | None) -> int:
    """A day packed into callback data as YYYYMMDD (0: none)."""
    return day.year * 10000 + day.month * 100 + day.day if day is not None else 0


def int_to_day(value: int) -> date | None:
    if value <= 0:
        return None
    try:
        return date(value // 10000, value // 100 % 100, value % 100)
    except (ValueError, OverflowError):
        return None
