"""Cells of every workbook the bot writes: a text stays the text it is, never a formula.

openpyxl stores any string starting with "=" as a formula, so a field label "=1+1" or a ticket
subject '=HYPERLINK(...)' would be evaluated by whoever opens the file. Every export (staff,
tickets, reports, stages, fields, the staff import's error workbook) writes strings through
``text_cell``: a string cell (``data_type`` "s"), marked with Excel's quote prefix when it
starts like a formula ("=", "+", "-", "@"), so Excel shows it as typed and keeps it text when
edited. Characters XML cannot hold (control characters) are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
Sheet: TypeAlias = Worksheet | WriteOnlyWorksheet


def text_cell(sheet: Sheet, value: str) -> Cell:
    """A cell for ``sheet.append`` (write-only or not) holding ``value`` as plain text."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = Cell(sheet, row=1, column=1, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def safe_value(sheet: Sheet, value: object) -> object:
    """``value`` ready for ``sheet.append``: strings become text cells, the rest is kept."""
    return text_cell(sheet, value) if isinstance(value, str) else value


def safe_row(sheet: Sheet, values: Iterable[object]) -> list[object]:
    return [safe_value(sheet, value) for value in values]


def table_workbook(
    sheet_title: str,
    titles: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
) -> bytes:
    """One sheet: a bold header of ``titles``, then ``rows``; column widths in characters."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = [text_cell(sheet, title) for title in titles]
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    for values in rows:
        sheet.append(safe_row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
