"""Field set → .xlsx file, one row per field, readable back by ``read_field_set_xlsx``."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from services.fields.definition import CHOICE_SEPARATOR, FieldDefinition, FieldType
from services.fields.display import Translate
from services.fields.field_set import FieldSet
from services.fields.vocabulary import NO_CELL, YES_CELL
from services.fields.xlsx_layout import (
    BOOL_COLUMNS,
    COLUMNS,
    FIELDS_SHEET,
    MAX_FIELD_ROWS,
    TYPE_HELP,
    TYPES_SHEET,
)
from services.messages import Msg
from services.xlsx_cells import safe_row

Cell = str | int | float | date | None


def export_field_set_xlsx(field_set: FieldSet, translate: Translate | None = None) -> bytes:
    """The file; with ``translate`` a second sheet explains the types in the reader's locale."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = FIELDS_SHEET
    sheet.append(safe_row(sheet, [header for _, header in COLUMNS]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for field in field_set.fields:
        sheet.append(safe_row(sheet, _row(field)))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    _add_dropdowns(sheet)
    for index, (_, header) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)
    if translate is not None:
        _add_types_sheet(book, translate)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _row(field: FieldDefinition) -> list[Cell]:
    rules, condition = field.validation, field.show_if
    values: dict[str, Cell] = {
        "key": field.key,
        "label": field.label,
        "type": field.type.value,
        "required": _yes_no(field.required),
        "order": field.order,
        "active": _yes_no(field.active),
        "hint": field.hint or None,
        "choices": f"{CHOICE_SEPARATOR} ".join(field.choices) or None,
        "min": rules.min,
        "max": rules.max,
        "integer_only": _yes_no(rules.integer_only) if field.type is FieldType.NUMBER else None,
        "min_length": rules.min_length,
        "max_length": rules.max_length,
        "pattern": rules.pattern,
        "show_if_field": condition.field if condition else None,
        "show_if_value": _condition_cell(condition.equals) if condition else None,
        "personal_data": _yes_no(field.personal_data),
    }
    return [values[column] for column, _ in COLUMNS]


def _yes_no(flag: bool) -> str:
    return YES_CELL if flag else NO_CELL


def _condition_cell(equals: str | bool) -> str:
    return _yes_no(equals) if isinstance(equals, bool) else equals


def _add_dropdowns(sheet: Worksheet) -> None:
    letters = {column: get_column_letter(i) for i, (column, _) in enumerate(COLUMNS, start=1)}
    last = MAX_FIELD_ROWS + 1
    types = DataValidation(type="list", formula1=f'"{",".join(t.value for t in FieldType)}"')
    types.add(f"{letters['type']}2:{letters['type']}{last}")
    flags = DataValidation(type="list", formula1=f'"{YES_CELL},{NO_CELL}"')
    for column in sorted(BOOL_COLUMNS):
        flags.add(f"{letters[column]}2:{letters[column]}{last}")
    sheet.add_data_validation(types)
    sheet.add_data_validation(flags)


def _add_types_sheet(book: Workbook, translate: Translate) -> None:
    sheet = book.create_sheet(TYPES_SHEET)
    titles = [translate(Msg("field-file-types-type")), translate(Msg("field-file-types-meaning"))]
    sheet.append(safe_row(sheet, titles))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for field_type, help_key in TYPE_HELP.items():
        sheet.append(safe_row(sheet, [field_type.value, translate(Msg(help_key))]))
    sheet.append([])
    sheet.append(safe_row(sheet, [translate(Msg("field-file-types-note"))]))
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
