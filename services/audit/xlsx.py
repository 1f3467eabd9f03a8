"""The audit log as an .xlsx file: every text through ``xlsx_cells`` (never a formula)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from services.xlsx_cells import safe_row, text_cell

_WIDTHS = (18, 36, 22, 30, 10, 14, 12)
_BOLD = Font(bold=True)


def audit_workbook(
    sheet_title: str, titles: Sequence[str], rows: Iterable[Sequence[object]]
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = [text_cell(sheet, title) for title in titles]
    for cell in header:
        cell.font = _BOLD
    sheet.append(header)
    for values in rows:
        sheet.append(safe_row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
