"""Cleaning cell values and building the comparison keys.

Display values keep the file's spelling (only whitespace is tidied); keys used for matching
are case-insensitive, treat the Cyrillic "yo" as "ye" and ignore spacing and dash styles,
so two spellings of one name that differ only in these ways are the same person.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[\u2010\u2011\u2012\u2013\u2014\u2212-]\s*")
_YO = str.maketrans({"\u0451": "\u0435", "\u0401": "\u0415"})  # yo -> ye
_HEADER_JUNK = re.compile(r"[^\w\u2116]+")  # keep letters, digits and the "№" sign


def clean_text(value: object) -> str | None:
    """Cell value as tidy text: spaces collapsed (NBSP included), floats like 1.0 -> "1"."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float):
        # Excel stores every number as a float: 79215550101.0 is a phone, 1.0 a row number.
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def tidy_dashes(text: str) -> str:
    """ "Fitter - repairer" / "Fitter\u2013repairer" -> "Fitter-repairer"."""
    return _DASHES.sub("-", text)


def fold(text: str | None) -> str:
    """Comparison form: casefold, yo -> ye, one space, uniform hyphens."""
    if not text:
        return ""
    return tidy_dashes(_SPACES.sub(" ", text.translate(_YO).casefold()).strip())


def person_key(
    last_name: str, first_name: str, patronymic: str | None, position: str | None
) -> str:
    """Upsert key: normalized full name plus normalized position."""
    return "|".join((fold(last_name), fold(first_name), fold(patronymic), fold(position)))


def name_position_key(last_name: str, first_name: str, position: str | None) -> str:
    """The key without the patronymic, for matching a row that lacks one (or a record that does)."""
    return "|".join((fold(last_name), fold(first_name), fold(position)))


def header_form(value: object) -> str:
    """Header cell comparison form: punctuation dropped, "Mob. phone:" -> "mob phone"."""
    text = clean_text(value)
    if text is None:
        return ""
    return _SPACES.sub(" ", _HEADER_JUNK.sub(" ", fold(text))).strip()
