"""Phone numbers as operators type them, normalized to one written form."""

from __future__ import annotations

import re

_ALLOWED = re.compile(r"^\+?[\d\s().\-]+$")
_MIN_DIGITS, _MAX_DIGITS = 8, 15  # E.164 allows at most 15 digits with the country code
_RUSSIAN_LOCAL_FIRST = "3489"  # first digit of Russian area and mobile codes


def normalize_phone(text: str) -> str | None:
    """``"+7 921 555-01-01"`` for Russian numbers, ``"+<digits>"`` for others, ``None`` if bad.

    Russian numbers may be typed with 8 or 7 in front or without it (10 digits); other
    countries need ``+`` or ``00`` (or the Russian ``8 10`` prefix) before the country code.
    """
    raw = text.strip()
    if not _ALLOWED.fullmatch(raw):
        return None
    digits = re.sub(r"\D", "", raw)
    if not raw.startswith("+"):
        international = _international_digits(digits)
        if international is None:
            return None
        digits = international
    if digits.startswith("7"):
        return _format_russian(digits) if len(digits) == 11 else None
    if _MIN_DIGITS <= len(digits) <= _MAX_DIGITS and not digits.startswith("0"):
        return "+" + digits
    return None


def _international_digits(digits: str) -> str | None:
    """Digits typed without ``+``, with the country code in front."""
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("810") and len(digits) > 11:
        return digits[3:]
    if len(digits) == 11 and digits[0] in "78":
        return "7" + digits[1:]
    if len(digits) == 10 and digits[0] in _RUSSIAN_LOCAL_FIRST:
        return "7" + digits
    return None


def _format_russian(digits: str) -> str:
    code, rest = digits[1:4], digits[4:]
    return f"+7 {code} {rest[:3]}-{rest[3:5]}-{rest[5:]}"
