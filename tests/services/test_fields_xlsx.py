"""The field-set file round trip, a file with errors, and the preview diff."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from bot.i18n import get_translator
from services.fields import (
    FieldChange,
    FieldIssue,
    FieldSetError,
    FieldSetFileError,
    FileIssue,
    apply_field_set_update,
    diff_field_sets,
    diff_messages,
    export_field_set_xlsx,
    field_set_from_config,
    load_default_field_set,
    read_field_set_xlsx,
)
from services.fields.xlsx_layout import COLUMNS, FIELDS_SHEET, TYPES_SHEET
from services.messages import Msg

HEADERS = [header for _, header in COLUMNS]
RICH = field_set_from_config(
    [
        {
            "key": "qty",
            "label": "Количество",
            "type": "number",
            "min": 1,
            "max": 99.5,
            "integer_only": False,
            "hint": "шт.",
        },
        {
            "key": "code",
            "label": "Код",
            "type": "text",
            "min_length": 2,
            "max_length": 8,
            "pattern": r"[A-Z]+-\d+",
        },
        {"key": "on", "label": "Дата", "type": "date", "min": "today", "max": date(2027, 1, 31)},
        {"key": "urgent", "label": "Срочно", "type": "yes_no"},
        {
            "key": "why",
            "label": "Почему",
            "type": "long_text",
            "show_if": {"field": "urgent", "equals": True},
        },
        {"key": "files", "label": "Файлы", "type": "attachments", "max": 5},
        {"key": "old", "label": "Старое", "type": "phone", "active": False},
    ]
)


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def row(**cells) -> list:
    return [cells.get(column) for column, _ in COLUMNS]


@pytest.mark.parametrize("fields", [load_default_field_set(), RICH], ids=["default", "rich"])
def test_round_trip_gives_the_same_set(fields):
    data = export_field_set_xlsx(fields, get_translator("ru").plain_msg)
    again = read_field_set_xlsx(data)
    assert again == fields
    assert again.version == fields.version


def test_export_layout():
    data = export_field_set_xlsx(load_default_field_set(), get_translator("ru").plain_msg)
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == [FIELDS_SHEET, TYPES_SHEET]
    sheet = book[FIELDS_SHEET]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [cell.value for cell in sheet[2]][:8] == [
        "address",
        "Адрес",
        "text",
        "да",
        10,
        "да",
        "Улица и дом, например: ул. Ленина, д. 5",
        None,
    ]
    category = [cell.value for cell in sheet[7]]
    assert category[7] == "Сантехника; Электрика; Лифт; Отопление; Уборка; Благоустройство; Прочее"
    emergency = [cell.value for cell in sheet[9]]
    assert emergency[-3:] == ["priority", "Аварийная", "нет"]  # the last column: ПДн
    assert [cell.value for cell in sheet[2]][-1] == "да"  # the address is personal data
    due = [cell.value for cell in sheet[12]]
    assert (due[0], due[8]) == ("due", "now")
    types = book[TYPES_SHEET]
    assert [types.cell(1, 1).value, types.cell(1, 2).value] == ["Тип", "Что вводит оператор"]
    assert types.cell(2, 1).value == "text"
    assert types.cell(2, 2).value.startswith("Строка текста")
    assert len(load_workbook(BytesIO(export_field_set_xlsx(RICH))).sheetnames) == 1


def test_hand_written_file_with_title_row_and_loose_cells():
    data = workbook_bytes(
        [
            ["Поля заявки ИНФОТЕЛЛ"],
            [],
            HEADERS,
            row(
                key="room",
                label=" Кабинет ",
                type="NUMBER",
                required="Да",
                order=1.0,
                min="1",
                max="1 200",
                integer_only="yes",
            ),
            [None] * len(HEADERS),
            row(key="kind", label="Вид", type="choice", choices="A;B; ;C", order=2),
            row(
                key="when",
                label="Когда",
                type="date",
                min="сегодня",
                max="31.12.2026",
                order=3,
                show_if_field="kind",
                show_if_value="b",
            ),
        ]
    )
    fields = read_field_set_xlsx(data)
    assert fields["room"].label == "Кабинет"
    assert fields["room"].required is True
    assert (fields["room"].validation.min, fields["room"].validation.max) == (1, 1200)
    assert fields["room"].validation.integer_only is True
    assert fields["kind"].choices == ("A", "B", "C")
    assert fields["when"].validation.min == "today"
    assert fields["when"].validation.max == date(2026, 12, 31)
    assert fields["when"].show_if.equals == "B"


def test_file_with_errors_lists_each_cell():
    data = workbook_bytes(
        [
            HEADERS,
            row(key="client", label="Клиент", type="text", required="конечно"),
            row(key="Phone No", label="Телефон", type="phone"),
            row(key="kind", label="Вид", type="colour"),
            row(key="qty", label="Кол-во", type="number", min="много", max_length="x"),
            row(key="pick", label="Выбор", type="choice"),
            row(key="addr", label="Адрес", type="text", show_if_field="pick"),
        ]
    )
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(data)
    assert caught.value.issues == [
        FileIssue(2, "D", Msg("field-file-error-yes-no")),
        FileIssue(3, "A", Msg("field-def-error-key")),
        FileIssue(4, "C", Msg("field-def-error-type")),
        FileIssue(5, "I", Msg("field-file-error-bound")),
        FileIssue(5, "M", Msg("field-file-error-integer")),
        FileIssue(6, "H", Msg("field-def-error-choices-missing", {"attribute": "choices"})),
        FileIssue(7, "P", Msg("field-file-error-condition-incomplete")),
    ]


def test_file_with_set_level_errors_points_at_rows():
    data = workbook_bytes(
        [
            HEADERS,
            row(key="kind", label="Вид", type="choice", choices="Выезд;Удалённо", order=1),
            row(key="kind", label="Вид 2", type="text", order=2),
            row(
                key="addr",
                label="Адрес",
                type="text",
                order=3,
                show_if_field="kind",
                show_if_value="Луна",
            ),
        ]
    )
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(data)
    assert caught.value.issues == [
        FileIssue(3, "A", Msg("field-set-error-duplicate-key", {"key": "kind"})),
        FileIssue(
            4,
            "P",
            Msg("field-set-error-condition-value", {"field": "kind", "allowed": "Выезд; Удалённо"}),
        ),
    ]


def test_unreadable_and_headerless_files():
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(b"not a zip")
    assert caught.value.issues == [FileIssue(None, None, Msg("field-file-error-unreadable"))]
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(workbook_bytes([["a", "b"], [1, 2]]))
    assert caught.value.issues == [FileIssue(None, None, Msg("field-file-error-no-header"))]
    with pytest.raises(FieldSetFileError) as caught:
        read_field_set_xlsx(workbook_bytes([["Ключ", "Название"], ["a", "A"]]))
    assert caught.value.issues == [
        FileIssue(1, None, Msg("field-file-error-missing-column", {"column": "Тип"}))
    ]


def test_column_ids_work_as_headers():
    data = workbook_bytes([["key", "label", "type"], ["note", "Заметка", "long_text"]])
    assert read_field_set_xlsx(data)["note"].label == "Заметка"


def test_diff_reports_every_kind_of_change():
    old = load_default_field_set()
    config = old.to_config()
    by_key = {item["key"]: item for item in config}
    by_key["client"]["label"] = "Заказчик"
    by_key["category"]["required"] = False
    by_key["address"]["validation"] = {"max_length": 150}
    by_key["attachments"]["active"] = False
    by_key["priority"]["order"] = 15
    del by_key["due"]
    new_items = [*by_key.values(), {"key": "contract", "label": "Договор", "type": "text"}]
    new = field_set_from_config(new_items)
    diff = diff_field_sets(old, new)
    assert diff.added == ("contract",)
    assert diff.retired == ("attachments", "due")
    assert diff.restored == ()
    assert diff.changes == (
        FieldChange("address", "max_length", 300, 150),
        FieldChange("client", "label", "ФИО заявителя", "Заказчик"),
        FieldChange("category", "required", True, False),
    )
    assert diff.renamed == (FieldChange("client", "label", "ФИО заявителя", "Заказчик"),)
    assert diff.reordered
    assert diff.order_after[:3] == ("address", "priority", "flat")
    assert diff.errors == ()
    assert diff_messages(diff, old, new) == [
        Msg("field-diff-added", {"label": "Договор"}),
        Msg("field-diff-retired", {"label": "Фото"}),
        Msg("field-diff-retired", {"label": "Желаемое время"}),
        Msg("field-diff-changed", {"label": "Адрес", "attribute": "max_length"}),
        Msg("field-diff-renamed", {"old": "ФИО заявителя", "new": "Заказчик"}),
        Msg("field-diff-changed", {"label": "Категория", "attribute": "required"}),
        Msg("field-diff-reordered", {"order": ", ".join(new[k].label for k in diff.order_after)}),
    ]
    applied = apply_field_set_update(old, new)
    assert applied["due"].active is False
    assert applied["due"].type == old["due"].type
    assert "due" not in [f.key for f in applied.active_fields]


def test_same_set_has_empty_diff_and_restoring_is_reported():
    old = load_default_field_set()
    assert diff_field_sets(old, old).is_empty
    assert diff_messages(diff_field_sets(old, old), old, old) == [Msg("field-diff-none")]
    retired = apply_field_set_update(
        old, field_set_from_config([i for i in old.to_config() if i["key"] != "due"])
    )
    back = diff_field_sets(retired, old)
    assert back.restored == ("due",)
    assert back.retired == ()


def test_key_reused_for_another_type_is_refused():
    old = load_default_field_set()
    items = [i for i in old.to_config() if i["key"] != "due"]
    items.append({"key": "due", "label": "Срок", "type": "date"})
    new = field_set_from_config(items)
    diff = diff_field_sets(old, new)
    expected = FieldIssue(
        None,
        "due",
        "type",
        Msg("field-diff-error-type-changed", {"key": "due", "old": "datetime", "new": "date"}),
    )
    assert diff.errors == (expected,)
    assert not diff.is_empty
    with pytest.raises(FieldSetError) as caught:
        apply_field_set_update(old, new)
    assert caught.value.issues == [expected]
