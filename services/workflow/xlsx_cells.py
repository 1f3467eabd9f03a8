"""Reading single spreadsheet cells typed by people: stray spaces, floats, words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from services.messages import MessageArg, Msg
from services.workflow.stages import STAGE_KEY_PATTERN
from services.workflow.xlsx_columns import FALSE_WORDS, LIST_SEPARATOR, TRUE_WORDS

_E = TypeVar("_E", bound=StrEnum)
_KEY_RE = re.compile(STAGE_KEY_PATTERN)
_KEY_LIST_SPLIT = re.compile(r"[;,\n]")

CellValue = str | int | float | bool | datetime | date | time | None


class CellError(Exception):
    """A cell that cannot be read; ``msg`` explains why, without the location."""

    def __init__(self, key: str, **args: MessageArg) -> None:
        super().__init__(key)
        self.msg = Msg(key, dict(args))


def parse_text(value: CellValue) -> str | None:
    """Trimmed text with inner runs of spaces collapsed; ``None`` for a blank cell."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def parse_key(value: CellValue) -> str | None:
    text = parse_text(value)
    if text is None:
        return None
    key = text.lower()
    if not _KEY_RE.match(key):
        raise CellError("wf-import-bad-key", value=text)
    return key


def parse_keys(value: CellValue) -> tuple[str, ...]:
    """Stage keys separated by ';' (',' and line breaks are accepted too)."""
    text = parse_text(value)
    if text is None:
        return ()
    return tuple(k for part in _KEY_LIST_SPLIT.split(text) if (k := parse_key(part)) is not None)


def parse_texts(value: CellValue) -> tuple[str, ...]:
    """Free-text items separated by ';' only, since names may contain commas."""
    text = parse_text(value)
    if text is None:
        return ()
    return tuple(t for part in text.split(LIST_SEPARATOR) if (t := parse_text(part)) is not None)


def parse_bool(value: CellValue) -> bool | None:
    if isinstance(value, bool):
        return value
    text = parse_text(value)
    if text is None:
        return None
    word = text.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("wf-import-bad-bool", value=text)


def parse_int(value: CellValue, *, minimum: int) -> int | None:
    """A whole number not below ``minimum``; Excel's ``60.0`` counts as 60."""
    if isinstance(value, bool):
        raise CellError("wf-import-bad-number", value=str(value), minimum=minimum)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = parse_text(value)
        if text is None:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CellError("wf-import-bad-number", value=text, minimum=minimum) from None
    if not number.is_integer() or number < minimum:
        raise CellError("wf-import-bad-number", value=parse_text(value) or "", minimum=minimum)
    return int(number)


def parse_choice(value: CellValue, words: Mapping[str, _E]) -> _E | None:
    text = parse_text(value)
    if text is None:
        return None
    choice = words.get(text.casefold())
    if choice is None:
        allowed = ", ".join(sorted({c.value for c in words.values()}))
        raise CellError("wf-import-bad-choice", value=text, allowed=allowed)
    return choice
