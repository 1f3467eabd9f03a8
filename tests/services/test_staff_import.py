"""Executor import core: reading messy uploads, refusing bad files, planning, error workbook."""

from __future__ import annotations

import io
import random
import re
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from services.messages import Msg
from services.staff_import import (
    ExistingPerson,
    ImportPlan,
    ReadResult,
    StaffRow,
    build_error_workbook,
    plan_import,
    read_staff_workbook,
)
from services.staff_import.headers import HEADER_TITLES
from services.xlsx_guard.detect import OLE2_MAGIC

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path("/work/shared/samples/executors.xlsx")
LOCALES = ROOT / "bot" / "locales"
HEADER = ["№ пп", "Фамилия", "Имя", "Отчество", "Должность"]

Rows = Sequence[Sequence[object] | None]


# ---------------------------------------------------------------- builders


def xlsx(*sheets: tuple[str, Rows]) -> bytes:
    """A workbook with the given sheets; ``None`` rows stay blank (row numbers shift)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row_number, values in enumerate(rows, start=1):
            for column, value in enumerate(values or (), start=1):
                if value is not None:
                    cell = sheet.cell(row=row_number, column=column, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # text that looks like a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def one_sheet(rows: Rows) -> bytes:
    return xlsx(("Лист1", rows))


def read(data: bytes, **kwargs: int) -> ReadResult:
    return read_staff_workbook(data, filename="staff.xlsx", **kwargs)


def read_ok(data: bytes) -> ReadResult:
    result = read(data)
    assert result.file_error is None, result.file_error
    return result


def reason_keys(result: ReadResult | ImportPlan) -> dict[int, list[str]]:
    return {e.row: [m.key for m in e.reasons] for e in result.errors}


def rewrite_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return buffer.getvalue()


def zip_bomb(path: Path, inflated: int) -> bytes:
    """A valid-looking .xlsx whose sheet inflates to ``inflated`` bytes of zeros; cached."""
    if not path.exists():
        template = one_sheet([HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"]])
        chunk = bytes(16 * 1024 * 1024)
        partial = path.with_suffix(".partial")
        source = zipfile.ZipFile(io.BytesIO(template))
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    target.writestr(info.filename, source.read(info))
            member = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
            member.compress_type = zipfile.ZIP_DEFLATED
            member._compresslevel = 4  # level 4+ reaches deflate's ~1000:1 on zeros
            with target.open(member, "w", force_zip64=True) as stream:
                for _ in range(inflated // len(chunk)):
                    stream.write(chunk)
        partial.replace(path)
    return path.read_bytes()


@pytest.fixture(scope="session")
def big_bomb() -> bytes:
    path = Path(tempfile.gettempdir()) / "staff_import_test_bomb_1536m_v1.xlsx"
    return zip_bomb(path, 1536 * 1024 * 1024)


def existing_from(rows: Sequence[StaffRow]) -> list[ExistingPerson]:
    return [
        ExistingPerson(
            index,
            r.last_name,
            r.first_name,
            r.patronymic,
            r.position,
            r.phone,
            r.telegram_username,
        )
        for index, r in enumerate(rows, start=1)
    ]


# ---------------------------------------------------------------- reading


def test_sample_file_reads_all_thirty_people() -> None:
    result = read_ok(SAMPLE.read_bytes())

    assert result.errors == ()
    assert len(result.rows) == 30
    assert result.sheet is not None
    assert (result.sheet.sheet_name, result.sheet.header_row) == ("Исполнители", 1)
    assert result.rows[0] == StaffRow(2, "Иванов", "Иван", "Иванович", "Инженер")
    assert result.rows[-1].row == 31
    assert result.rows[-1].full_name == "Степанов Артём Андреевич"


def test_title_rows_above_header_and_excel_row_numbers() -> None:
    data = one_sheet(
        [
            ["Список исполнителей ООО УК «ИНФОТЕЛЛ»"],
            None,
            ["Выгружено 01.02.2025", None, None, "стр. 1"],
            HEADER,
            [1, "Иванов", "Иван", "Иванович", "Инженер"],
        ]
    )
    result = read_ok(data)

    assert result.sheet is not None
    assert result.sheet.header_row == 4
    assert [(r.row, r.last_name) for r in result.rows] == [(5, "Иванов")]


@pytest.mark.parametrize("number_title", ["№ п/п", "№ пп", "№", "N п/п", "№п/п"])
def test_number_column_variants_and_float_numbers(number_title: str) -> None:
    data = one_sheet(
        [
            [number_title, "Фамилия", "Имя", "Отчество", "Должность"],
            [1.0, "Иванов", "Иван", "Иванович", "Инженер"],
            [2.0, "Петров", "Пётр", "Петрович", "Электрик"],
            [3.0],  # a pre-numbered empty line is blank, not an error
        ]
    )
    result = read_ok(data)

    assert [r.last_name for r in result.rows] == ["Иванов", "Петров"]
    assert result.errors == ()


def test_header_case_spaces_nbsp_and_yo() -> None:
    data = one_sheet(
        [
            ["  ФАМИЛИЯ ", "имя\u00a0", "Отчёство:", "ДОЛЖНОСТЬ*"],
            ["  Семёнов\u00a0 ", "Пётр", "Ильич", "Мастер   участка"],
        ]
    )
    result = read_ok(data)

    assert result.rows == (StaffRow(2, "Семёнов", "Пётр", "Ильич", "Мастер участка"),)


def test_extra_columns_phone_and_telegram_are_used() -> None:
    data = one_sheet(
        [
            [
                "Таб. №",
                "Фамилия",
                "Имя",
                "Отчество",
                "Подразделение",
                "Должность",
                "Моб. телефон",
                "Ник в Telegram",
                "Примечание",
            ],
            [
                101,
                "Иванов",
                "Иван",
                "Иванович",
                "ЖЭС-1",
                "Инженер",
                79215550101.0,
                "@Ivanov_I",
                "в отпуске",
            ],
            [
                102,
                "Петров",
                "Пётр",
                None,
                "ЖЭС-2",
                "Электрик",
                "8 (921) 555-01-02",
                "https://t.me/petrov_pp",
                None,
            ],
            [103, "Сидоров", "Олег", None, None, "Сантехник", None, None, None],
        ]
    )
    result = read_ok(data)

    assert [(r.phone, r.telegram_username) for r in result.rows] == [
        ("+79215550101", "Ivanov_I"),
        ("+79215550102", "petrov_pp"),
        (None, None),
    ]


def test_alternative_phone_and_telegram_titles() -> None:
    data = one_sheet(
        [
            ["Фамилия", "Имя", "Должность", "Телефон", "Telegram"],
            ["Иванов", "Иван", "Инженер", "+7 921 555 01 01", "ivanov_ivan"],
        ]
    )
    result = read_ok(data)

    assert (result.rows[0].phone, result.rows[0].telegram_username) == (
        "+79215550101",
        "ivanov_ivan",
    )


def test_blank_rows_are_skipped_and_row_numbers_kept() -> None:
    data = one_sheet(
        [
            HEADER,
            [1, "Иванов", "Иван", "Иванович", "Инженер"],
            None,
            ["", "  ", None, "\u00a0", None],
            [2, "Петров", "Пётр", "Петрович", "Электрик"],
        ]
    )
    result = read_ok(data)

    assert [r.row for r in result.rows] == [2, 5]
    assert result.errors == ()


def test_missing_patronymic_value_and_missing_patronymic_column() -> None:
    with_column = read_ok(one_sheet([HEADER, [1, "Иванов", "Иван", None, "Инженер"]]))
    without_column = read_ok(
        one_sheet([["Фамилия", "Имя", "Должность"], ["Иванов", "Иван", "Инженер"]])
    )

    assert with_column.rows[0].patronymic is None
    assert with_column.errors == ()
    assert without_column.rows == (StaffRow(2, "Иванов", "Иван", None, "Инженер"),)


def test_single_full_name_column_is_split() -> None:
    data = one_sheet(
        [
            ["ФИО", "Должность"],
            ["Иванов Иван Иванович", "Инженер"],
            ["Мамедов Рашид Али оглы", "Техник"],
            ["Петров", "Электрик"],
        ]
    )
    result = read(data)

    assert [(r.last_name, r.first_name, r.patronymic) for r in result.rows] == [
        ("Иванов", "Иван", "Иванович"),
        ("Мамедов", "Рашид", "Али оглы"),
    ]
    assert reason_keys(result) == {4: ["import-row-missing"]}


def test_data_on_second_sheet() -> None:
    data = xlsx(
        ("Инструкция", [["Заполните лист «Сотрудники»"], ["Фамилия — обязательно"]]),
        ("Сотрудники", [HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"]]),
    )
    result = read_ok(data)

    assert result.sheet is not None
    assert result.sheet.sheet_name == "Сотрудники"
    assert [r.last_name for r in result.rows] == ["Иванов"]


def test_row_validation_reasons() -> None:
    data = one_sheet(
        [
            [*HEADER, "Телефон", "Telegram"],
            [1, None, "Иван", "Иванович", "Инженер"],
            [2, "Петров", None, None, None],
            [3, "Сидоров2", "Олег", None, "Инженер"],
            [4, "Смирнов", "Ан@тон", None, "Инженер"],
            [5, "К" * 65, "Иван", None, "Инженер"],
            [6, "Кузнецов", "Иван", None, "Д" * 129],
            [7, "Попов", "Иван", None, "Инженер", "12-34"],
            [8, "Попов", "Пётр", None, "Инженер", "+7 921 555-01-01, доб. 12"],
            [9, "Лебедев", "Иван", None, "Инженер", None, "@no"],
            [10, "Морозов", "Иван", "Иванович", "Инженер"],
            [11, "МОРОЗОВ", "Иван", "Иванович", "инженер "],
            [12, "Морозов", "Иван", "Иванович", "Электрик"],
        ]
    )
    result = read(data)

    assert reason_keys(result) == {
        2: ["import-row-missing"],
        3: ["import-row-missing", "import-row-missing"],
        4: ["import-row-digits"],
        5: ["import-row-bad-characters"],
        6: ["import-row-too-long"],
        7: ["import-row-too-long"],
        8: ["import-row-bad-phone"],
        9: ["import-row-bad-phone"],
        10: ["import-row-bad-telegram"],
        12: ["import-row-duplicate"],
    }
    errors = {e.row: e for e in result.errors}
    assert errors[2].reasons[0].args == {"field": "last_name"}
    assert [m.args for m in errors[3].reasons] == [{"field": "first_name"}, {"field": "position"}]
    assert errors[6].reasons[0].args == {"field": "last_name", "max": 64}
    assert errors[7].reasons[0].args == {"field": "position", "max": 128}
    assert errors[12].reasons[0].args == {"row": 11}
    # Namesake with another position is another person, not a duplicate.
    assert [(r.row, r.position) for r in result.rows] == [(11, "Инженер"), (13, "Электрик")]


# ---------------------------------------------------------------- bad files


def ole2(*stream_names: str) -> bytes:
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in stream_names)
    return OLE2_MAGIC + bytes(504) + directory + bytes(1024)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    ("data", "filename", "key"),
    [
        (b"", "staff.xlsx", "import-error-empty-file"),
        (ole2("Root Entry", "Workbook", "SummaryInformation"), "staff.xls", "import-error-xls"),
        (ole2("Root Entry", "Book"), "staff.xlsx", "import-error-xls"),
        (
            ole2("Root Entry", "EncryptionInfo", "EncryptedPackage", "DataSpaces"),
            "staff.xlsx",
            "import-error-encrypted",
        ),
        (ole2("Root Entry", "WordDocument"), "staff.doc", "import-error-not-spreadsheet"),
        (
            "№ пп;Фамилия;Имя;Отчество;Должность\n1;Иванов;Иван;Иванович;Инженер\n".encode(
                "cp1251"
            ),
            "staff.xlsx",
            "import-error-csv",
        ),
        (b"1,Ivanov\n", "staff.csv", "import-error-csv"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "staff.xls", "import-error-xls"),
        (random.Random(3).randbytes(4096), "staff.xlsx", "import-error-not-spreadsheet"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.png", "import-error-not-spreadsheet"),
        (b"PK\x03\x04" + random.Random(4).randbytes(2048), "staff.xlsx", "import-error-corrupt"),
        (
            zip_of(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<x/>",
                }
            ),
            "staff.ods",
            "import-error-ods",
        ),
        (
            zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.bin": b"\0"}),
            "staff.xlsb",
            "import-error-xlsb",
        ),
        (
            zip_of({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
            "staff.docx",
            "import-error-not-spreadsheet",
        ),
        (
            zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"}),
            "staff.xlsx",
            "import-error-corrupt",
        ),
    ],
)
def test_bad_file_kinds(data: bytes, filename: str, key: str) -> None:
    result = read_staff_workbook(data, filename=filename)

    assert result.file_error == Msg(key)
    assert (result.rows, result.errors) == ((), ())


def test_empty_workbook() -> None:
    result = read(xlsx(("Лист1", []), ("Лист2", [None, None])))

    assert result.file_error == Msg("import-error-empty-sheet")


def test_header_without_data() -> None:
    result = read(one_sheet([HEADER, None, [None, "  "]]))

    assert result.file_error == Msg("import-error-no-data")


def test_wrong_columns_without_any_header() -> None:
    result = read(one_sheet([["Name", "Surname", "Job"], ["Ivan", "Ivanov", "Engineer"]]))

    assert result.file_error == Msg("import-error-no-header")


def test_wrong_columns_names_the_missing_ones() -> None:
    data = xlsx(
        ("Титул", [["Отчёт"]]),
        ("Люди", [["Отдел кадров"], ["№", "Фамилия", "Отчество", "Телефон"], [1, "Иванов"]]),
    )
    result = read(data)

    assert result.file_error == Msg(
        "import-error-missing-columns", {"columns": "Имя, Должность", "sheet": "Люди", "row": 2}
    )


def test_too_big_file_is_refused_before_parsing() -> None:
    data = SAMPLE.read_bytes()

    result = read_staff_workbook(data, filename="x.xlsx", max_bytes=len(data) - 1)

    assert result.file_error == Msg("import-error-too-big", {"limit_mb": 0.0})
    assert read_staff_workbook(bytes(6 * 1024 * 1024), filename="x.xlsx").file_error == Msg(
        "import-error-too-big", {"limit_mb": 5}
    )


def test_too_many_rows() -> None:
    rows = [HEADER] + [[i, "Иванов", "Иван", None, f"Инженер {i}"] for i in range(1, 7)]

    assert read(one_sheet(rows), max_rows=6).file_error is None
    assert read(one_sheet(rows), max_rows=5).file_error == Msg(
        "import-error-too-many-rows", {"limit": 5}
    )


def test_xml_entities_are_refused_by_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True
    data = rewrite_member(one_sheet([HEADER]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)

    assert read(data).file_error == Msg("import-error-unsafe-xml")


def test_small_zip_bomb_is_refused_by_ratio() -> None:
    bomb = zip_bomb(Path(tempfile.gettempdir()) / "staff_import_test_bomb_48m_v1.xlsx", 48 << 20)

    assert len(bomb) < 200_000
    assert read(bomb).file_error == Msg("import-error-unpacked-too-big")


def test_zip_bomb_is_refused_fast_with_bounded_memory(big_bomb: bytes) -> None:
    assert len(big_bomb) < 5 * 1024 * 1024
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(big_bomb)).infolist())
    assert declared > 1024**3

    tracemalloc.start()
    started = time.perf_counter()
    result = read(big_bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert result.file_error == Msg("import-error-unpacked-too-big")
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024


# ---------------------------------------------------------------- planning


def person(
    pid: int, last: str, first: str, patronymic: str | None, position: str, **kwargs: object
) -> ExistingPerson:
    return ExistingPerson(pid, last, first, patronymic, position, **kwargs)


def test_plan_create_update_unchanged_missing() -> None:
    data = one_sheet(
        [
            [*HEADER, "Телефон", "Telegram"],
            [1, "Иванов", "Иван", "Иванович", "Инженер"],
            [2, "Семёнов", "Пётр", "Сергеевич", "мастер  участка", 79215550101.0],
            [3, "Петрова", "Ирина", "Алексеевна", "Инженер", None, "@Petrova_I"],
            [4, "Новиков", "Артём", "Михайлович", "Слесарь-ремонтник"],
            [5, "Кузнецов", "Пётр", "Сергеевич", "Инженер"],  # namesake, other position
            [6, "Лебедев2", "Андрей", None, "Сантехник"],  # error row names Lebedev
        ]
    )
    result = read(data)
    existing = [
        person(1, "Иванов", "Иван", "Иванович", "Инженер", phone="+79990000000"),
        person(2, "Семенов", "Петр", "Сергеевич", "Мастер участка", phone="8 921 555-01-01"),
        person(3, "Петрова", "Ирина", "Алексеевна", "Инженер", telegram_username="petrova_i"),
        person(4, "Кузнецов", "Пётр", "Сергеевич", "Электрик"),
        person(5, "Степанов", "Артём", "Андреевич", "Электрик"),
        person(6, "Павлов", "Пётр", "Дмитриевич", "Диспетчер", is_active=False),
    ]

    plan = plan_import(result.rows, existing, errors=result.errors)

    assert [r.row for r in plan.to_create] == [5, 6]
    assert [(u.person.id, u.values()) for u in plan.to_update] == [
        (2, {"last_name": "Семёнов", "first_name": "Пётр", "position": "мастер участка"}),
    ]
    # Empty phone cell keeps the stored phone; username differing only in case is the same.
    assert sorted(m.person.id for m in plan.unchanged) == [1, 3]
    assert [p.id for p in plan.missing] == [4, 5]  # inactive Pavlov is not offered again
    assert reason_keys(plan) == {7: ["import-row-digits"]}
    assert plan.has_changes


def test_plan_update_lists_old_and_new_values() -> None:
    rows = [StaffRow(2, "Иванов", "Иван", "Иванович", "Инженер", "+79215550101", "ivan_new")]
    existing = [person(7, "Иванов", "Иван", "Иванович", "Инженер", telegram_username="ivan_old")]

    plan = plan_import(rows, existing)

    assert [(c.field, c.old, c.new) for c in plan.to_update[0].changes] == [
        ("phone", None, "+79215550101"),
        ("telegram_username", "ivan_old", "ivan_new"),
    ]


def test_error_rows_keep_their_people_out_of_missing() -> None:
    result = read(one_sheet([[*HEADER, "Телефон"], [1, "Иванов", "Иван", None, "Инженер", "123"]]))
    existing = [person(1, "Иванов", "Иван", "Иванович", "Инженер")]

    assert [p.id for p in plan_import(result.rows, existing).missing] == [1]
    assert plan_import(result.rows, existing, errors=result.errors).missing == ()


def test_missing_patronymic_matches_a_single_record() -> None:
    rows = [
        StaffRow(2, "Иванов", "Иван", None, "Инженер"),
        StaffRow(3, "Петров", "Пётр", "Петрович", "Электрик"),
    ]
    existing = [
        person(1, "Иванов", "Иван", "Иванович", "Инженер"),
        person(2, "Петров", "Пётр", None, "Электрик"),
    ]

    plan = plan_import(rows, existing)

    assert [m.person.id for m in plan.unchanged] == [1]  # the file never erases a patronymic
    assert [(u.person.id, u.values()) for u in plan.to_update] == [(2, {"patronymic": "Петрович"})]
    assert (plan.to_create, plan.missing) == ((), ())


def test_deactivated_person_in_file_is_offered_for_reactivation() -> None:
    rows = [StaffRow(2, "Павлов", "Пётр", "Дмитриевич", "Диспетчер")]
    existing = [person(6, "Павлов", "Пётр", "Дмитриевич", "Диспетчер", is_active=False)]

    plan = plan_import(rows, existing)

    assert [m.person.id for m in plan.unchanged] == [6]
    assert [p.id for p in plan.inactive_in_file] == [6]
    assert not plan.has_changes


def test_two_records_with_one_key() -> None:
    rows = [StaffRow(2, "Иванов", "Иван", "Иванович", "Инженер")]
    one_active = [
        person(1, "Иванов", "Иван", "Иванович", "Инженер", is_active=False),
        person(2, "Иванов", "Иван", "Иванович", "Инженер"),
    ]
    both_active = [
        person(1, "Иванов", "Иван", "Иванович", "Инженер"),
        person(2, "ИВАНОВ", "Иван", "Иванович", "Инженер"),
    ]

    assert [m.person.id for m in plan_import(rows, one_active).unchanged] == [2]
    ambiguous = plan_import(rows, both_active)
    assert ambiguous.errors[0].reasons == (Msg("import-row-ambiguous", {"count": 2}),)
    assert (ambiguous.to_create, ambiguous.to_update, ambiguous.missing) == ((), (), ())


def test_sample_import_then_reimport_changes_nothing() -> None:
    first = read_ok(SAMPLE.read_bytes())
    initial = plan_import(first.rows, [])
    assert len(initial.to_create) == 30

    again = plan_import(read_ok(SAMPLE.read_bytes()).rows, existing_from(initial.to_create))

    assert len(again.unchanged) == 30
    assert (again.to_create, again.to_update, again.missing, again.errors) == ((), (), (), ())
    assert not again.has_changes


def test_messy_reimport_changes_nothing() -> None:
    data = one_sheet(
        [
            ["Выгрузка"],
            [*HEADER, "Моб. телефон", "Ник в Telegram"],
            [1.0, " Семёнов ", "Пётр", None, "Мастер  участка", 79215550101.0, "@Semenov_P"],
        ]
    )
    created = existing_from(plan_import(read_ok(data).rows, []).to_create)

    again = plan_import(read_ok(data).rows, created)

    assert [m.person.id for m in again.unchanged] == [1]
    assert not again.has_changes


# ---------------------------------------------------------------- error workbook


def test_error_workbook_copies_the_sheet_with_an_error_column() -> None:
    data = xlsx(
        ("Справка", [["см. следующий лист"]]),
        (
            "Сотрудники",
            [
                ["Список сотрудников"],
                [*HEADER, None, "Примечание"],
                [1, "Иванов", "Иван", "Иванович", "Инженер"],
                [2, "Петров1", "Пётр", None, None, None, "=SUM(A1)"],
                None,
                [3, "Иванов", "Иван", "Иванович", "Инженер"],
            ],
        ),
    )
    result = read(data)
    render = {
        "import-row-digits": "цифры",
        "import-row-missing": "пусто",
        "import-row-duplicate": "повтор",
    }

    out = build_error_workbook(data, result, lambda m: render[m.key], "Ошибка")

    sheet = openpyxl.load_workbook(io.BytesIO(out)).active
    assert sheet.title == "Сотрудники"
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6
    assert rows[0][0] == "Список сотрудников"
    assert rows[1][7] == "Ошибка"
    assert sheet.cell(2, 8).font.bold
    assert rows[2][7] is None
    assert rows[3][:7] == (2, "Петров1", "Пётр", None, None, None, "=SUM(A1)")
    assert sheet.cell(4, 7).data_type == "s"  # text stays text, not a formula
    assert rows[3][7] == "цифры; пусто"
    assert sheet.cell(4, 8).fill.fgColor.rgb == "FFF4CCCC"
    assert rows[5][7] == "повтор"


def test_error_workbook_uses_plan_errors_when_given() -> None:
    data = one_sheet([HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"]])
    result = read_ok(data)
    plan = plan_import(
        result.rows,
        [
            person(1, "Иванов", "Иван", "Иванович", "Инженер"),
            person(2, "Иванов", "Иван", "Иванович", "Инженер"),
        ],
    )

    out = build_error_workbook(data, result, lambda m: m.key, "Error", errors=plan.errors)

    rows = list(openpyxl.load_workbook(io.BytesIO(out)).active.iter_rows(values_only=True))
    assert rows == [
        (*HEADER, "Error"),
        (1, "Иванов", "Иван", "Иванович", "Инженер", "import-row-ambiguous"),
    ]


def test_error_workbook_needs_a_readable_sheet() -> None:
    with pytest.raises(ValueError, match="no readable sheet"):
        build_error_workbook(b"", ReadResult(file_error=Msg("x")), str, "Ошибка")


# ---------------------------------------------------------------- messages


def _ftl_messages(locale: str) -> dict[str, ast.Message]:
    text = (LOCALES / locale / "staff_import.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(text)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)]
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def _emitted_keys() -> set[str]:
    source = ROOT / "services" / "staff_import"
    keys: set[str] = set()
    for path in source.glob("*.py"):
        keys.update(re.findall(r'"(import-[a-z-]+)"', path.read_text(encoding="utf-8")))
    return keys


SAMPLE_ARGS: dict[str, dict[str, str | int | float]] = {
    "import-error-too-big": {"limit_mb": 5},
    "import-error-too-many-rows": {"limit": 10_000},
    "import-error-missing-columns": {"columns": "Имя, Должность", "sheet": "Лист1", "row": 3},
    "import-row-duplicate": {"row": 1234},
    "import-row-ambiguous": {"count": 2},
    "import-row-too-long": {"field": "position", "max": 128},
    "import-row-line": {"row": 17, "reasons": "x"},
}


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_emitted_key_exists_and_renders(locale: str) -> None:
    messages = _ftl_messages(locale)
    emitted = _emitted_keys()
    assert len(emitted) >= 20
    assert emitted <= set(messages)
    assert set(messages) == set(_ftl_messages("ru"))

    bundle = FluentBundle([locale], use_isolating=False)
    bundle.add_resource(
        FluentResource((LOCALES / locale / "staff_import.ftl").read_text(encoding="utf-8"))
    )
    for key in messages:
        for field in ("last_name", "first_name", "patronymic", "position"):
            args = {"field": field, **SAMPLE_ARGS.get(key, {})}
            text, errors = bundle.format_pattern(bundle.get_message(key).value, args)
            assert errors == [], (key, errors)
            assert text.strip()
    duplicate, _ = bundle.format_pattern(
        bundle.get_message("import-row-duplicate").value, {"row": 1234}
    )
    assert "1234" in duplicate


# ---------------------------------------------------------------- Excel-written XML

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXCEL_LIKE = {
    "[Content_Types].xml": b"<Types/>",
    "xl/workbook.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="{MAIN_NS}" xmlns:r="{REL_NS}"><x:sheets>
<x:sheet name="Лист1" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>""".encode(),
    "xl/_rels/workbook.xml.rels": b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Target="/xl/worksheets/data.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId9" Target="strings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>""",
    "xl/strings.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{MAIN_NS}"><si><t>Фамилия</t></si><si><t>Имя</t></si><si><t>Должность</t></si>
<si><r><t>Семё</t></r><r><rPr><b/></rPr><t>нов</t></r><rPh><t>x</t></rPh></si>
<si><t xml:space="preserve"> Пётр </t></si><si><t>Телефон</t></si></sst>""".encode(),
    "xl/worksheets/data.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>
<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c>
<x:c r="D2" t="s"><x:v>2</x:v></x:c><x:c r="E2" t="s"><x:v>5</x:v></x:c></x:row>
<x:row r="4"><x:c t="s"><x:v>9</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c>
<x:c t="str"><x:f>"Ма"&amp;"стер"</x:f><x:v>Мастер</x:v></x:c><x:c><x:v>7.9215550101E10</x:v></x:c>
<x:c t="e"><x:v>#N/A</x:v></x:c></x:row></x:sheetData></x:worksheet>""".encode(),
}


def test_excel_style_xml_shared_strings_prefixes_and_formulas() -> None:
    result = read_ok(zip_of(EXCEL_LIKE))

    assert result.sheet is not None
    assert (result.sheet.sheet_name, result.sheet.header_row) == ("Лист1", 2)
    assert result.rows == (StaffRow(4, "Семёнов", "Пётр", None, "Мастер", "+79215550101"),)


def test_doctype_in_shared_strings_is_refused() -> None:
    members = dict(EXCEL_LIKE)
    members["xl/strings.xml"] = b'<!DOCTYPE sst [<!ENTITY a "b">]><sst><si><t>&a;</t></si></sst>'

    assert read(zip_of(members)).file_error == Msg("import-error-unsafe-xml")


def test_no_cyrillic_string_literals_outside_header_titles() -> None:
    import ast as py_ast

    cyrillic = re.compile("[\u0400-\u04ff]")
    found: list[str] = []
    for path in sorted((ROOT / "services" / "staff_import").glob("*.py")):
        tree = py_ast.parse(path.read_text(encoding="utf-8"))
        allowed: set[int] = set()
        for node in py_ast.walk(tree):
            # Data, not wording: header titles matched in files, and the yo -> ye folding.
            targets = [node.target] if isinstance(node, py_ast.AnnAssign) else []
            targets += node.targets if isinstance(node, py_ast.Assign) else []
            if {getattr(t, "id", "") for t in targets} & {"HEADER_TITLES", "HEADER_WORDS", "_YO"}:
                allowed.update(id(n) for n in py_ast.walk(node))
        found += [
            f"{path.name}:{node.lineno}"
            for node in py_ast.walk(tree)
            if isinstance(node, py_ast.Constant)
            and isinstance(node.value, str)
            and cyrillic.search(node.value)
            and id(node) not in allowed
        ]
    assert found == []
    assert HEADER_TITLES["last_name"][0] == "Фамилия"
