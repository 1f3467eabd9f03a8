"""Splitting HTML text over several messages (Telegram's limit is 4,096 characters)."""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
# A hard cut looks this far back for a space, so that words stay whole.
_WORD_WINDOW = 200


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at line ends where possible, else between
    words, else anywhere; never inside a tag (``<b>``) or an entity (``&amp;``). A tag open at a
    cut is closed at the end of its chunk and opened again at the start of the next one, so
    each chunk is valid HTML on its own."""
    chunks: list[str] = []
    reopen = ""
    rest = text
    while len(reopen) + len(rest) > limit:
        piece = reopen + rest
        budget = limit
        while True:
            cut, skip = _cut(piece, budget, len(reopen))
            head = piece[:cut]
            opened = _open_tags(head)
            closing = "".join(f"</{name}>" for name, _ in reversed(opened))
            if len(head) + len(closing) <= limit:
                break
            budget = min(budget - 1, limit - len(closing))
        chunks.append(head + closing)
        reopen = "".join(tag for _, tag in opened)
        rest = piece[cut + skip :]
    if rest or not chunks:
        chunks.append(reopen + rest)
    return chunks


def _cut(piece: str, budget: int, floor: int) -> tuple[int, int]:
    """Where to cut ``piece`` (at most ``budget`` characters before the cut) and how many
    separator characters to drop there; the cut lies after ``floor`` (the reopened tags)."""
    newline = piece.rfind("\n", floor + 1, budget + 1)
    if newline != -1 and _is_safe(piece, newline):
        return newline, 1
    space = piece.rfind(" ", max(floor + 1, budget - _WORD_WINDOW), budget + 1)
    if space != -1 and _is_safe(piece, space):
        return space, 1
    cut = budget
    while cut > floor + 1 and not _is_safe(piece, cut):
        cut -= 1
    return cut, 0


def _is_safe(text: str, index: int) -> bool:
    """Cutting before ``text[index]`` leaves no tag or entity in halves."""
    tag_start = text.rfind("<", 0, index)
    if tag_start != -1 and text.rfind(">", tag_start, index) == -1:
        return False
    amp = text.rfind("&", max(0, index - 10), index)
    return amp == -1 or text.find(";", amp, index) != -1


def _open_tags(html_text: str) -> list[tuple[str, str]]:
    """Tags opened in ``html_text`` and not closed there: (name, the opening tag as written)."""
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(html_text):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            stack.append((name, match.group(0)))
            continue
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index:]
                break
    return stack


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
