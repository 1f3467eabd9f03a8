"""Field patterns: matched by RE2 in linear time, Python's Unicode meaning of \\w \\d \\s kept,
constructs RE2 lacks refused on save with a message naming them."""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import re2
from openpyxl import load_workbook

from bot.i18n import get_translator
from services.fields import (
    FieldSetError,
    FieldSetFileError,
    ParseError,
    ParseOk,
    export_field_set_xlsx,
    field_set_from_config,
    parse_value,
    read_field_set_xlsx,
)
from services.fields.patterns import MAX_PATTERN_LENGTH, compiled_pattern, to_re2
from services.messages import Msg

TZ = ZoneInfo("Europe/Moscow")
TODAY = date(2026, 5, 4)


def _field(pattern: str, field_type: str = "long_text", **rules: object):
    definition = {"key": "code", "label": "Код", "type": field_type, "hint": "по образцу"}
    fields = field_set_from_config([{**definition, "pattern": pattern, **rules}])
    return fields["code"]


def _parse(field, text: str):
    return parse_value(field, text, tz=TZ, today=TODAY)


def _refusal(pattern: str) -> str:
    with pytest.raises(FieldSetError) as caught:
        _field(pattern)
    [issue] = caught.value.issues
    assert issue.attribute == "pattern"
    return get_translator("ru").plain_msg(issue.msg)


def test_catastrophic_pattern_against_a_long_adversarial_answer_is_answered_correctly() -> None:
    # With Python's backtracking re this took 5.7 s for 27 characters; 5,000 never ends.
    field = _field(r"(\w+\s?)+")
    adversarial = "а" * 4_999 + "!"
    assert _parse(field, adversarial) == ParseError(
        Msg("field-error-text-pattern", {"hint": "по образцу"})
    )
    words = "слово " * 833 + "конец"
    assert len(words) == 5_003
    assert _parse(field, words) == ParseOk(words)


def test_short_text_keeps_its_length_limit_before_the_pattern() -> None:
    field = _field(r"(\w+\s?)+", field_type="text")
    result = _parse(field, "а" * 5_000)
    assert isinstance(result, ParseError)
    assert result.msg.key == "field-error-text-too-long"


@pytest.mark.parametrize(
    ("pattern", "found"),
    [
        (r"(a)\1", r"\1"),
        (r"(?P<x>a)(?P=x)", "(?P="),
        (r"\d+(?=руб)", "(?="),
        (r"(?<!-)\d+", "(?<!"),
        (r"(?>a+)b", "(?>"),
        (r"a++b", "++"),
        (r"\bслово\b", r"\b"),
        (r"[\W]+", r"[\W]"),
    ],
)
def test_constructs_re2_lacks_are_refused_on_save_with_the_construct_named(
    pattern: str, found: str
) -> None:
    text = _refusal(pattern)
    assert f"В шаблоне есть «{found}» — такое не поддерживается" in text
    assert "обратные ссылки, проверки вперёд и назад" in text
    assert r"Не используйте: \1, (?P=name), (?=…)" in text


def test_backreference_in_the_field_file_is_refused_with_row_column_and_message() -> None:
    base = field_set_from_config([{"key": "code", "label": "Код", "type": "text"}])
    book = load_workbook(BytesIO(export_field_set_xlsx(base)))
    sheet = book.worksheets[0]
    column = next(c.column_letter for c in sheet[1] if c.value == "Шаблон (регулярное выражение)")
    sheet[f"{column}2"] = r"(a)\1"
    out = BytesIO()
    book.save(out)
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(out.getvalue())
    [issue] = caught.value.issues
    assert (issue.row, issue.column) == (2, column)
    assert "В шаблоне есть «\\1» — такое не поддерживается" in get_translator("ru").plain_msg(
        issue.msg
    )


def test_too_long_and_broken_patterns_are_refused() -> None:
    assert _refusal("а" * (MAX_PATTERN_LENGTH + 1)) == "Шаблон длиннее 200 символов. Сократите его."
    assert _field("а" * MAX_PATTERN_LENGTH).validation.pattern == "а" * MAX_PATTERN_LENGTH
    assert "не является корректным регулярным выражением" in _refusal("([")


def test_russian_patterns_and_python_classes_behave_as_with_python_re() -> None:
    letters = _field(r"[А-Яа-яЁё ]+")
    assert _parse(letters, "Ёжик в тумане") == ParseOk("Ёжик в тумане")
    assert isinstance(_parse(letters, "Ёжик 2"), ParseError)

    word = _field(r"\w+")
    assert _parse(word, "Привет_123") == ParseOk("Привет_123")  # RE2's own \w is ASCII-only
    assert isinstance(_parse(word, "При-вет"), ParseError)

    phone = _field(r"\+7 \d{3} \d{3}-\d{2}-\d{2}")
    assert _parse(phone, "+7 912 345-67-89") == ParseOk("+7 912 345-67-89")

    spaced = _field(r"\S+\s\S+")
    assert _parse(spaced, "Иван\u00a0Петров") == ParseOk("Иван\u00a0Петров")  # no-break space
    assert isinstance(_parse(spaced, "Иван  Петров"), ParseError)

    caseless = _field(r"(?i)[а-яё]+")
    assert _parse(caseless, "ЁЛКА") == ParseOk("ЁЛКА")

    escaped = _field(r"[\u0410-\u044f]{2,}")  # Python's \uXXXX escapes
    assert _parse(escaped, "Да") == ParseOk("Да")
    short = _field(r"\d{,3}")  # Python's {,n} means {0,n}
    assert _parse(short, "123") == ParseOk("123")
    assert isinstance(_parse(short, "1234"), ParseError)


def _known_characters() -> str:
    """Every code point Python's Unicode tables assign (RE2's tables may be newer)."""
    return "".join(
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) != "Cn"
    )


@pytest.fixture(scope="module")
def known_characters() -> str:
    return _known_characters()


@pytest.mark.parametrize("escape", [r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", r"[\w.]", r"[\d\s]"])
def test_rewritten_classes_match_exactly_what_python_matches(
    escape: str, known_characters: str
) -> None:
    # What is left after removing every match: one C call each, over ~280,000 characters.
    expected = re.sub(f"(?:{escape})+", "", known_characters)
    left = compiled_pattern(f"(?:{escape})+").sub("", known_characters)
    assert len(left) == len(expected)
    assert left == expected
    assert 0 < len(left) < len(known_characters)


def test_the_rewrite_leaves_escaped_backslashes_and_literal_brackets_alone() -> None:
    assert to_re2(r"\\1") == r"\\1"
    assert to_re2(r"[]a]+") == "[]a]+"
    assert to_re2(r"a+?") == "a+?"
    assert to_re2(r"\101") == r"\101"  # octal, not a backreference
    with pytest.raises(re2.error):
        compiled_pattern("(?x) a")  # verbose mode: RE2 has none, refused as invalid


def test_a_stored_pattern_from_before_the_rules_still_loads_and_is_not_enforced() -> None:
    stored = field_set_from_config(
        [{"key": "code", "label": "Код", "type": "text", "pattern": r"(a)\1"}], stored=True
    )
    assert _parse(stored["code"], "anything") == ParseOk("anything")
