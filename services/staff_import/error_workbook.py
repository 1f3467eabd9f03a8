"""``build_error_workbook``: the upload with an error column, for the admin to fix and re-send.

All rows of the sheet are kept in their places (title rows, header, good rows, blank rows),
so that row numbers in the preview and in this file are those of the admin's own file, and
so that the fixed file can be sent back as a whole: had it held only the error rows, the
next preview would offer everybody else for deactivation. Only values are copied
(formatting, formulas and other sheets are not); the error column goes right of the widest
row, with the reasons of a row joined by "; " and a red fill, its title in bold.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from services.messages import Msg
from services.staff_import.headers import MAX_COLUMNS
from services.staff_import.models import ReadResult, RowError
from services.staff_import.workbook import open_workbook
from services.xlsx_cells import safe_row, text_cell

_ERROR_FILL = PatternFill("solid", start_color="FFF4CCCC")
_BOLD = Font(bold=True)
_ERROR_COLUMN_WIDTH = 60


def build_error_workbook(
    data: bytes,
    read_result: ReadResult,
    render: Callable[[Msg], str],
    error_header: str,
    *,
    errors: Sequence[RowError] | None = None,
) -> bytes:
    """An .xlsx copy of the uploaded sheet with an error column titled ``error_header``.

    ``data`` is the upload that produced ``read_result``. ``errors`` defaults to the reader's;
    pass ``ImportPlan.errors`` to include the errors found while planning as well.
    """
    if read_result.sheet is None:
        raise ValueError("the upload has no readable sheet to annotate")
    location = read_result.sheet
    reasons = {
        error.row: "; ".join(render(reason) for reason in error.reasons)
        for error in (read_result.errors if errors is None else errors)
    }
    with open_workbook(data) as source:
        rows = [
            _trim(values)
            for values in source[location.sheet_name].iter_rows(
                min_row=1, max_col=MAX_COLUMNS, values_only=True
            )
        ]
    error_column = max((len(values) for values in rows), default=0)

    target = Workbook(write_only=True)
    sheet = target.create_sheet(location.sheet_name)
    sheet.column_dimensions[_letter(error_column)].width = _ERROR_COLUMN_WIDTH
    for row_number, values in enumerate(rows, start=1):
        padding = [None] * (error_column - len(values))
        extra = _extra_cell(sheet, row_number, location.header_row, error_header, reasons)
        sheet.append([*safe_row(sheet, values), *padding, *extra])
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


def _extra_cell(
    sheet: WriteOnlyWorksheet,
    row_number: int,
    header_row: int,
    error_header: str,
    reasons: dict[int, str],
) -> list[Cell]:
    if row_number == header_row:
        cell = text_cell(sheet, error_header)
        cell.font = _BOLD
        return [cell]
    if row_number in reasons:
        cell = text_cell(sheet, reasons[row_number])
        cell.fill = _ERROR_FILL
        return [cell]
    return []


def _trim(values: tuple[object, ...]) -> tuple[object, ...]:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return values[:end]


def _letter(zero_based: int) -> str:
    letter: str = get_column_letter(zero_based + 1)
    return letter
