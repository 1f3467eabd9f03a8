"""Typed text without the characters that show nothing: spaces of every kind, zero-width and
other format characters, and the "blank" letters people use to send an empty-looking message
(U+2800 braille blank, the Hangul fillers). A required answer made of only these is empty."""

from __future__ import annotations

import unicodedata

# Letters and symbols that render as nothing but are not spaces or format characters.
_BLANK_LETTERS = frozenset("\u2800\u3164\u115f\u1160\uffa0")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _invisible(char: str) -> bool:
    return (
        char in _BLANK_LETTERS
        or char.isspace()
        or unicodedata.category(char) in _INVISIBLE_CATEGORIES
    )


def trim(text: str) -> str:
    """``text`` without invisible characters at either end ("" if nothing shows)."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]
