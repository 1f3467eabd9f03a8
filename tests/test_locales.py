"""Texts: every message exists in Russian and English, parses, and escapes user text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from bot.i18n import LOCALES_DIR, get_translator


def _messages(path: Path) -> dict[str, ast.Message]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{path}: unparsable entries: {[j.content[:60] for j in junk]}"
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


@pytest.mark.parametrize("name", sorted(p.name for p in (LOCALES_DIR / "ru").glob("*.ftl")))
def test_russian_and_english_have_the_same_messages(name: str) -> None:
    russian = _messages(LOCALES_DIR / "ru" / name)
    english = _messages(LOCALES_DIR / "en" / name)
    assert sorted(russian) == sorted(english)


def test_user_text_is_escaped_in_html_but_not_in_plain_text() -> None:
    ru = get_translator("ru")
    html = ru("access-pending-item", id=1, name="<b>Ева</b> & Co", username="@eva")
    assert "&lt;b&gt;Ева&lt;/b&gt; &amp; Co" in html
    plain = ru.plain("access-pending-item", id=1, name="<b>Ева</b>", username="@eva")
    assert "<b>Ева</b>" in plain


def test_english_locale_and_fallback() -> None:
    en = get_translator("en")
    assert en("cancelled") == "Cancelled."
    assert get_translator("de")("cancelled") == "Действие отменено."
