"""Staff list and invitation links as .xlsx files.

Every text goes into a string cell (``xlsx_cells.text_cell``): a value starting with "=",
"+", "-" or "@" stays the text it is and is never evaluated as a formula. The staff list
starts with the import columns under their import titles, so the exported file can be edited
and imported again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from db.models import Person
from services.staff_import.headers import HEADER_TITLES
from services.xlsx_cells import table_workbook

IMPORT_COLUMNS = ("last_name", "first_name", "patronymic", "position", "phone")
# Data constant, not UI wording: the customer's first column title, as in their own export.
NUMBER_TITLE = "№ пп"


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
    return table_workbook(sheet_title, titles, rows, widths=[6, 18, 14, 18, 28, 16, 18])


def links_workbook(
    titles: Sequence[str], rows: Iterable[tuple[str, str | None, str]], sheet_title: str
) -> bytes:
    """Full name, position, link."""
    return table_workbook(sheet_title, titles, [list(r) for r in rows], widths=[36, 28, 60])
