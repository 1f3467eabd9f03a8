"""Texts that read naturally: ids without digit grouping, one icon per menu item, command
descriptions in one style, names where no grammatical case is needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES, get_translator
from bot.views.commands import ROLE_COMMANDS, commands_for
from bot.views.menu import MENU_ITEMS
from db.models import Role

ALL_COMMANDS = sorted(
    set(commands_for(frozenset(Role))) | {c for v in ROLE_COMMANDS.values() for c in v}
)


def test_ids_and_years_are_not_grouped_but_counts_are() -> None:
    ru = get_translator("ru")
    assert "№ 1024 " in ru("access-approved-admin", id=1024, roles="Оператор")
    assert "<b>№ 1024</b>" in ru("ticket-created", number=1024)
    assert "<code>5550001234</code>" in ru(
        "access-request-for-admin", id=1, name="Пётр", username="—", telegram_id=5550001234
    )
    assert ru("cal-header-year", year=2026) == "🗓 2026"
    assert ru.plain("field-error-number-min", min=1000) == "Число должно быть не меньше 1\u00a0000."
    assert "№ 12345" in get_translator("en")("ticket-created", number=12345).replace("No.", "№")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_menu_items_have_distinct_icons(locale: str) -> None:
    i18n = get_translator(locale)
    icons = {}
    for entry in MENU_ITEMS:
        icon = i18n.plain(entry.label_key).split(" ", 1)[0]
        assert icon not in icons, f"{entry.item} and {icons.get(icon)} share {icon}"
        icons[icon] = entry.item


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_command_descriptions_are_noun_first(command: str) -> None:
    text = get_translator("ru").plain(f"cmd-{command}")
    first = text.split()[0].strip(":")
    assert text[0].isupper(), text
    assert not re.fullmatch(r"\w+(ть|ться|ти)", first), f"verb first: {text}"
    assert not text.endswith("."), text


def test_names_are_not_put_where_russian_needs_a_case() -> None:
    # «для Иванов Иван», «от Иванов Иван», «к записи Иванов Иван», «Отключить Иванов Иван?»
    needs_case = re.compile(
        r"(для|от|к записи|сотрудника|Отключить|Роли)\s+(<b>)?\{ ?\$(name|executor|person) ?\}"
    )
    found = [
        f"{path.name}: {line.strip()}"
        for path in sorted(Path(LOCALES_DIR, "ru").glob("*.ftl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if needs_case.search(line)
    ]
    assert found == []
