"""Fluent texts of the fields package and how values read on the cards."""

import ast
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fluent.syntax import parse
from fluent.syntax.ast import Junk, Message

from bot.i18n import get_translator
from services.fields import Attachment, FieldDefinition, display_value, load_default_field_set

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "services" / "fields").glob("*.py"))
KEY_LITERAL = re.compile(r"[\"'](field-[a-z0-9_-]+)[\"']")
CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")
# Modules allowed to hold Cyrillic: typed-input vocabulary and the file headers (data).
DATA_MODULES = {"vocabulary.py", "xlsx_layout.py"}


def ftl_ids(locale: str) -> set[str]:
    resource = parse((ROOT / "bot" / "locales" / locale / "fields.ftl").read_text("utf-8"))
    assert not [entry for entry in resource.body if isinstance(entry, Junk)]
    return {entry.id.name for entry in resource.body if isinstance(entry, Message)}


def used_keys() -> set[str]:
    return {key for path in SOURCES for key in KEY_LITERAL.findall(path.read_text("utf-8"))}


def test_code_uses_many_message_keys():
    keys = used_keys()
    assert len(keys) > 60
    assert {"field-error-phone", "field-diff-renamed", "field-file-error-yes-no"} <= keys


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_used_key_is_translated(locale):
    assert sorted(used_keys() - ftl_ids(locale)) == []


def test_locales_have_the_same_ids_all_prefixed():
    assert ftl_ids("ru") == ftl_ids("en")
    assert all(key.startswith("field-") for key in ftl_ids("ru"))


def string_literals(path: Path) -> list[str]:
    """String constants of a module, docstrings excluded."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_cyrillic_literals_outside_data_modules():
    offenders = [
        (path.name, literal)
        for path in SOURCES
        if path.name not in DATA_MODULES
        for literal in string_literals(path)
        if CYRILLIC.search(literal)
    ]
    assert offenders == []
    assert "Ключ" in string_literals(ROOT / "services" / "fields" / "xlsx_layout.py")


def test_error_messages_render_with_their_arguments():
    ru = get_translator("ru")
    assert ru.plain("field-error-number-min", min=1000) == "Число должно быть не меньше 1\u00a0000."
    assert ru.plain("field-error-text-too-long", length=250, max=200) == (
        "Слишком длинно: 250 символов, а можно не больше 200."
    )
    assert get_translator("en").plain("field-step", number=3, total=8) == "Step 3 of 8"
    assert ru.plain("field-step", number=3, total=8) == "Шаг 3 из 8"


RU = get_translator("ru").plain_msg
EN = get_translator("en").plain_msg
FIELDS = load_default_field_set()


def test_display_values_ru():
    assert display_value(FIELDS["due"], "2026-11-27T14:30:00+03:00", RU) == "27.11.2026 14:30"
    assert display_value(FIELDS["client"], "ООО <Ромашка>", RU) == "ООО <Ромашка>"
    assert display_value(FIELDS["address"], None, RU) == "—"
    files = [Attachment("a", "photo").to_value(), Attachment("b", "document").to_value()]
    assert display_value(FIELDS["attachments"], files, RU) == "2 файла"
    date_field = FieldDefinition(key="d", label="D", type="date")
    assert display_value(date_field, "2026-03-08", RU) == "08.03.2026"
    yes_no = FieldDefinition(key="y", label="Y", type="yes_no")
    assert (display_value(yes_no, True, RU), display_value(yes_no, False, EN)) == ("да", "no")
    number = FieldDefinition(key="n", label="N", type="number")
    assert (display_value(number, 1500.5, RU), display_value(number, 1500.5, EN)) == (
        "1\u00a0500,5",
        "1,500.5",
    )
    many = FieldDefinition(key="m", label="M", type="multi_choice", choices=["A", "B", "C"])
    assert display_value(many, ["A", "C"], RU) == "A, C"


def test_display_converts_time_zone_and_shortens():
    utc = "2026-11-27T11:30:00+00:00"
    moscow = ZoneInfo("Europe/Moscow")
    assert display_value(FIELDS["due"], utc, RU, tz=moscow) == "27.11.2026 14:30"
    text = "а" * 100
    assert display_value(FIELDS["description"], text, RU, max_length=10) == "ааааааааа…"
    assert display_value(FIELDS["due"], "not a date", RU) == "not a date"
