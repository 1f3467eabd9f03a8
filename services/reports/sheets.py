"""Streaming worksheet helpers: a formatted, frozen header and cells that are never formulas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from services.xlsx_cells import text_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
WRAP = Alignment(wrap_text=True, vertical="top")


def cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, str):
        return text_cell(sheet, value)
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
        number_format = number_format or "DD.MM.YYYY HH:MM"
    if number_format is None or value is None:
        return value
    result = WriteOnlyCell(sheet, value=value)
    result.number_format = number_format
    return result


def start_sheet(sheet: WriteOnlyWorksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    """Column widths and the frozen header row (must come before any other row)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    row = []
    for title in headers:
        head = text_cell(sheet, title)
        head.font, head.fill, head.alignment = HEADER_FONT, HEADER_FILL, WRAP
        row.append(head)
    sheet.append(row)


def append_rows(
    sheet: WriteOnlyWorksheet, rows: Iterable[Sequence[Any]], formats: Sequence[str | None]
) -> int:
    count = 0
    for values in rows:
        sheet.append([cell(sheet, v, f) for v, f in zip(values, formats, strict=False)])
        count += 1
    return count
