"""Typed and button input for every field type: normalized values and exact error keys."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from services.fields import (
    Attachment,
    FieldDefinition,
    ParseError,
    ParseOk,
    add_attachment,
    choice_by_index,
    date_value,
    finish_attachments,
    finish_multi_choice,
    parse_value,
    toggle_choice,
)
from services.fields.parsing import TEXT_LIMIT
from services.messages import Msg

TZ = ZoneInfo("Europe/Moscow")
TODAY = date(2026, 11, 27)


def field(type_: str, **extra) -> FieldDefinition:
    return FieldDefinition(key="f", label="F", type=type_, **extra)


def parse(definition: FieldDefinition, raw: str):
    return parse_value(definition, raw, tz=TZ, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8 921 555 01 01", "+7 921 555-01-01"),
        ("+7(921)555-01-01", "+7 921 555-01-01"),
        ("9215550101", "+7 921 555-01-01"),
        ("7 921 555 01 01", "+7 921 555-01-01"),
        ("8 (812) 123-45-67", "+7 812 123-45-67"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0049 30 1234567", "+49301234567"),
        ("8 10 49 30 1234567", "+49301234567"),
    ],
)
def test_phone_is_normalized(raw, expected):
    assert parse(field("phone"), raw) == ParseOk(expected)


@pytest.mark.parametrize(
    "raw", ["12345", "+7 921 555 01", "921-555", "call me", "1234567890", "+0 123 456 789"]
)
def test_bad_phone_says_what_is_expected(raw):
    assert parse(field("phone"), raw) == ParseError(Msg("field-error-phone"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("27.11.2026", "2026-11-27"),
        ("27.11", "2026-11-27"),
        ("1.2.27", "2027-02-01"),
        ("27/11/2026", "2026-11-27"),
        ("27 ноября", "2026-11-27"),
        ("3 Мая 2027", "2027-05-03"),
        ("27 ноября 2026 г.", "2026-11-27"),
        ("сегодня", "2026-11-27"),
        ("Завтра", "2026-11-28"),
        ("2026-12-31", "2026-12-31"),
    ],
)
def test_date_forms(raw, expected):
    assert parse(field("date"), raw) == ParseOk(expected)


def test_date_errors():
    assert parse(field("date"), "вчера вечером") == ParseError(Msg("field-error-date"))
    assert parse(field("date"), "31.02.2026") == ParseError(
        Msg("field-error-date-nonexistent", {"value": "31.02.2026"})
    )
    bounded = field("date", validation={"min": "today", "max": date(2026, 12, 31)})
    assert parse(bounded, "26.11.2026") == ParseError(
        Msg("field-error-date-min", {"min": "27.11.2026"})
    )
    assert parse(bounded, "01.01.2027") == ParseError(
        Msg("field-error-date-max", {"max": "31.12.2026"})
    )
    assert date_value(bounded, date(2026, 12, 1), today=TODAY) == ParseOk("2026-12-01")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("27.11.2026 14:30", "2026-11-27T14:30:00+03:00"),
        ("27.11 9:05", "2026-11-27T09:05:00+03:00"),
        ("завтра в 10:00", "2026-11-28T10:00:00+03:00"),
        ("27 ноября 14.30", "2026-11-27T14:30:00+03:00"),
        ("2026-11-28T09:00", "2026-11-28T09:00:00+03:00"),
        ("18:45", "2026-11-27T18:45:00+03:00"),
    ],
)
def test_datetime_forms(raw, expected):
    assert parse(field("datetime"), raw) == ParseOk(expected)


def test_datetime_errors():
    assert parse(field("datetime"), "27.11.2026") == ParseError(Msg("field-error-datetime-time"))
    assert parse(field("datetime"), "когда-нибудь") == ParseError(Msg("field-error-datetime"))
    assert parse(field("datetime"), "27.11 25:00") == ParseError(Msg("field-error-time"))
    assert parse(field("datetime", validation={"min": "today"}), "26.11 10:00") == ParseError(
        Msg("field-error-date-min", {"min": "27.11.2026"})
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("15", 15), ("2,5", 2.5), ("1 500,75", 1500.75), ("1\u00a0000", 1000), ("-3", -3), ("4.0", 4)],
)
def test_number_forms(raw, expected):
    result = parse(field("number"), raw)
    assert result == ParseOk(expected)
    assert type(result.value) is type(expected)


def test_number_errors():
    assert parse(field("number"), "пять") == ParseError(Msg("field-error-number"))
    assert parse(field("number"), "1 50") == ParseError(Msg("field-error-number"))
    integer = field("number", validation={"integer_only": True, "min": 1, "max": 10})
    assert parse(integer, "2,5") == ParseError(Msg("field-error-number-integer"))
    assert parse(integer, "0") == ParseError(Msg("field-error-number-min", {"min": 1}))
    assert parse(integer, "11") == ParseError(Msg("field-error-number-max", {"max": 10}))
    assert parse(integer, "10") == ParseOk(10)


def test_text_limits_and_pattern():
    short = field("text", validation={"min_length": 3, "max_length": 5}, hint="ABC-1")
    assert parse(short, "  abcd ") == ParseOk("abcd")
    assert parse(short, "ab") == ParseError(Msg("field-error-text-too-short", {"min": 3}))
    assert parse(short, "abcdef") == ParseError(
        Msg("field-error-text-too-long", {"max": 5, "length": 6})
    )
    coded = field("text", validation={"pattern": r"[A-Z]{3}-\d+"}, hint="ABC-1")
    assert parse(coded, "ABC-12") == ParseOk("ABC-12")
    assert parse(coded, "abc") == ParseError(Msg("field-error-text-pattern", {"hint": "ABC-1"}))
    assert parse(field("text"), "   ") == ParseError(Msg("field-error-empty"))


def test_long_text_is_stored_whole_beyond_one_message():
    long_text = "Строка описания.\n" * 400
    assert len(long_text) > TEXT_LIMIT
    assert parse(field("long_text"), long_text) == ParseOk(long_text.strip())
    assert parse(field("text"), "x" * (TEXT_LIMIT + 1)) == ParseError(
        Msg("field-error-text-too-long", {"max": TEXT_LIMIT, "length": TEXT_LIMIT + 1})
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("да", True), ("Нет", False), ("yes", True), ("N", False)]
)
def test_yes_no(raw, expected):
    assert parse(field("yes_no"), raw) == ParseOk(expected)


def test_yes_no_error():
    assert parse(field("yes_no"), "может быть") == ParseError(Msg("field-error-yes-no"))


def test_choice_by_label_or_number():
    priority = field("choice", choices=["Низкий", "Обычный", "Высокий"])
    assert parse(priority, "высокий") == ParseOk("Высокий")
    assert parse(priority, "2") == ParseOk("Обычный")
    assert parse(priority, "4") == ParseError(Msg("field-error-choice", {"count": 3}))
    assert parse(priority, "Срочный") == ParseError(Msg("field-error-choice", {"count": 3}))
    assert choice_by_index(priority, 0) == ParseOk("Низкий")
    assert choice_by_index(priority, 3) == ParseError(Msg("field-error-choice", {"count": 3}))


def test_multi_choice_typed_and_toggled():
    systems = field("multi_choice", choices=["Электрика", "ИТ", "Вентиляция"], required=True)
    assert parse(systems, "3, электрика") == ParseOk(["Электрика", "Вентиляция"])
    assert parse(systems, "ИТ") == ParseOk(["ИТ"])
    assert parse(systems, "1; 7") == ParseError(Msg("field-error-multi-choice", {"count": 3}))
    selected = toggle_choice(systems, [], 2)
    selected = toggle_choice(systems, selected, 0)
    assert selected == ["Электрика", "Вентиляция"]
    assert toggle_choice(systems, selected, 2) == ["Электрика"]
    assert finish_multi_choice(systems, selected) == ParseOk(["Электрика", "Вентиляция"])
    assert finish_multi_choice(systems, []) == ParseError(Msg("field-error-multi-choice-empty"))
    optional = field("multi_choice", choices=["A", "B"])
    assert finish_multi_choice(optional, []) == ParseOk([])


def test_attachments_collect_files_with_limits():
    files = field("attachments", required=True, validation={"max": 2})
    photo = Attachment("id-1", "photo", file_unique_id="u1", size=1000)
    doc = Attachment("id-2", "document", file_unique_id="u2", name="act.pdf", size=2000)
    first = add_attachment(files, [], photo)
    assert first == ParseOk([photo.to_value()])
    again = add_attachment(files, first.value, Attachment("id-1b", "photo", file_unique_id="u1"))
    assert again == ParseOk([photo.to_value()])
    both = add_attachment(files, first.value, doc)
    assert [Attachment.from_value(v) for v in both.value] == [photo, doc]
    third = add_attachment(files, both.value, Attachment("id-3", "photo", file_unique_id="u3"))
    assert third == ParseError(Msg("field-error-attachments-too-many", {"max": 2}))
    huge = Attachment("id-4", "document", size=21 * 1024 * 1024)
    assert add_attachment(files, [], huge) == ParseError(
        Msg("field-error-attachment-too-big", {"limit_mb": 20})
    )
    assert add_attachment(files, [], huge, size_limit=None).value == [huge.to_value()]
    assert finish_attachments(files, []) == ParseError(Msg("field-error-attachments-empty"))
    assert finish_attachments(files, both.value) == ParseOk(both.value)
    assert parse(files, "вот фото") == ParseError(Msg("field-error-attachments-text"))


def test_attachments_minimum():
    files = field("attachments", validation={"min": 2})
    one = [Attachment("a", "photo").to_value()]
    assert finish_attachments(files, one) == ParseError(
        Msg("field-error-attachments-too-few", {"min": 2})
    )
    assert finish_attachments(files, []) == ParseOk([])


@pytest.mark.parametrize(
    "raw", ["   ", "\xa0", "\u3000", "\u2800", "\u200b\u200b", "\u3164", " \u2800\ufeff "]
)
def test_text_of_invisible_characters_is_empty(raw):
    for type_ in ("text", "long_text", "phone", "number"):
        assert parse(field(type_), raw) == ParseError(Msg("field-error-empty")), type_


def test_invisible_characters_around_a_value_are_dropped_and_inside_kept():
    assert parse(field("text"), "\u2800 ул. Ленина\u200b, д. 5\xa0") == ParseOk(
        "ул. Ленина\u200b, д. 5"
    )
    # An emoji sequence joined by zero-width joiners stays whole.
    assert parse(field("text"), "👩‍🔧") == ParseOk("👩‍🔧")


def test_a_whole_number_field_gives_a_whole_example():
    whole = field("number", validation={"integer_only": True, "min": 1, "max": 50})
    assert parse(whole, "второй") == ParseError(Msg("field-error-number-whole"))
    assert parse(whole, "2,5") == ParseError(Msg("field-error-number-integer"))
    assert parse(field("number"), "второй") == ParseError(Msg("field-error-number"))
