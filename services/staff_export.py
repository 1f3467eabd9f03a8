"""Staff list and invitation links as .xlsx files.

Every text goes into a string cell (``xlsx_cells.text_cell``): a value starting with "=",
"+", "-" or "@" stays the text it is and is never evaluated as a formula. The staff list
starts with the import columns under their import titles, so the exported file can be edited
and imported again.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from db.models import Person
from services.staff_import.headers import HEADER_TITLES
from services.xlsx_cells import safe_row, text_cell

IMPORT_COLUMNS = ("last_name", "first_name", "patronymic", "position", "phone")
# Data constant, not UI wording: the customer's first column title, as in their own export.
NUMBER_TITLE = "№ пп"
_BOLD = Font(bold=True)


def staff_workbook(
    people: Sequence[Person],
    extra_titles: Sequence[str],
    extra_values: Callable[[Person], Sequence[str]],
    sheet_title: str,
) -> bytes:
    """Import columns (№, surname, name, patronymic, position, phone, Telegram) + extras."""
    titles = [
        NUMBER_TITLE,
        *(HEADER_TITLES[name][0] for name in IMPORT_COLUMNS),
        HEADER_TITLES["telegram_username"][0],
        *extra_titles,
    ]
    rows: list[list[object]] = []
    for number, person in enumerate(people, start=1):
        username = f"@{person.telegram_username}" if person.telegram_username else None
        rows.append(
            [
                number,
                person.last_name,
                person.first_name,
                person.patronymic,
                person.position,
                person.phone,
                username,
                *extra_values(person),
            ]
        )
    return _workbook(sheet_title, titles, rows, widths=[6, 18, 14, 18, 28, 16, 18])


def links_workbook(
    titles: Sequence[str], rows: Iterable[tuple[str, str | None, str]], sheet_title: str
) -> bytes:
    """Full name, position, link."""
    return _workbook(sheet_title, titles, [list(r) for r in rows], widths=[36, 28, 60])


def _workbook(
    sheet_title: str, titles: Sequence[str], rows: Iterable[Sequence[object]], widths: list[int]
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    for index, width in enumerate(widths):
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
