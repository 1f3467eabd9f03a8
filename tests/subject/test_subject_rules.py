"""The pure rules of subject requests: what a typed lookup means, what a staff workbook names."""

from __future__ import annotations

import io

from openpyxl import Workbook

from services.privacy.subjects import parse_lookup, workbook_mentions


def test_a_phone_in_any_form_is_its_last_ten_digits() -> None:
    for typed in ("8 (921) 555-01-01", "+7 921 555 01 01", "9215550101", " +79215550101 "):
        assert parse_lookup(typed) == ("9215550101", ())


def test_a_name_is_its_words_and_short_or_numeric_input_is_not_a_lookup() -> None:
    assert parse_lookup("Иванова  Мария") == (None, ("иванова", "мария"))
    assert parse_lookup("Ёлкина") == (None, ("елкина",))
    assert parse_lookup("555-01") == (None, ())
    assert parse_lookup("  ") == (None, ())


def _workbook(*rows: tuple[object, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_staff_workbook_names_a_person_by_two_of_their_cells() -> None:
    content = _workbook(
        ("№ пп", "Фамилия", "Имя", "Отчество", "Должность"),
        (1, "Уходящий", "Семён", "Петрович", "Инженер"),
    )
    assert workbook_mentions(content, {"Уходящий Семён Петрович"})
    assert not workbook_mentions(content, {"Уходящий Пётр"})
    assert not workbook_mentions(b"not a workbook", {"Уходящий Семён"})
