"""Splitting HTML text over several messages (Telegram's limit is 4,096 characters)."""

from __future__ import annotations

MESSAGE_LIMIT = 4096


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at line ends where possible.

    A longer line is cut hard, never inside an HTML entity such as ``&amp;``; values in our
    cards are escaped text, so a cut never falls inside a tag of the value itself.
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(line) > limit:
            cut = _safe_cut(line, limit)
            chunks.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not chunks:
        chunks.append(current)
    return chunks


def _safe_cut(line: str, limit: int) -> int:
    amp = line.rfind("&", max(0, limit - 10), limit)
    if amp != -1 and line.find(";", amp, limit) == -1:
        return amp
    return limit


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
