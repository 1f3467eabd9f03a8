"""Words people type into the bot, recognised as input.

These are data, not UI text: they are what operators type (in Russian, sometimes in English)
and must be understood whatever the person's interface locale is, so they live here rather
than in the Fluent files. Everything the bot *says* is in ``bot/locales``.
"""

from __future__ import annotations

# Answers to a yes/no field; also the values of yes/no cells in the field-set file.
YES_WORDS = frozenset({"да", "д", "yes", "y", "true", "1", "+"})
NO_WORDS = frozenset({"нет", "н", "no", "n", "false", "0", "-"})

# What the field-set file writes into yes/no cells (read back through YES_WORDS/NO_WORDS).
YES_CELL = "да"
NO_CELL = "нет"

# People write "е" for "ё" as often as not; typed words are compared with it folded.
LETTER_FOLDS = str.maketrans("ё", "е")

# Relative dates, as day offsets from today.
RELATIVE_DAYS: dict[str, int] = {
    "сегодня": 0,
    "завтра": 1,
    "послезавтра": 2,
    "today": 0,
    "tomorrow": 1,
}

# Words that may follow a year ("27 ноября 2026 г.") or join a date and a time ("завтра в 14:30").
YEAR_WORDS = frozenset({"г", "г.", "года", "год"})
TIME_CONNECTORS = frozenset({"в", "at"})

# Month-name stems: a typed word names a month when it starts with one of them, so
# "ноября", "ноябрь", "нояб" and "nov" all mean November.
MONTH_STEMS: dict[str, int] = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "май": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def parse_yes_no(text: str) -> bool | None:
    """``True``/``False`` for a recognised answer, ``None`` otherwise."""
    word = text.strip().casefold().rstrip(".!")
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


# Written in a bound cell of the field-set file for "the current moment".
NOW_WORDS = frozenset({"now", "сейчас"})
