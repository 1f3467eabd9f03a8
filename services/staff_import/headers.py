"""Find the header row by the column names, on whichever sheet has it.

Exports put title rows above the header, add or reorder columns and spell the names
loosely, so the header is the first row (in the first ``HEADER_SCAN_ROWS`` rows of a sheet)
that names the surname, the first name and the position, or a single full-name column and
the position. The patronymic column is optional: some exports do not have it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from services.staff_import.models import ColumnMap
from services.staff_import.normalize import header_form

HEADER_SCAN_ROWS = 50
MAX_COLUMNS = 256

# Column titles as they appear in the customer's Excel exports. These are data matched
# against uploaded files, not UI text, so they stay in Russian whatever the UI locale; the
# first title of a required field is also quoted back when that column is missing, because
# the admin must type exactly that title into the file.
HEADER_TITLES: dict[str, tuple[str, ...]] = {
    "last_name": ("Фамилия",),
    "first_name": ("Имя",),
    "patronymic": ("Отчество",),
    "position": ("Должность", "Должность сотрудника", "Специальность", "Профессия"),
    "full_name": ("ФИО", "Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество", "Сотрудник"),
    "phone": ("Телефон", "Моб. телефон", "Мобильный телефон", "Тел.", "Номер телефона"),
    "telegram_username": ("Telegram", "Ник в Telegram", "Username"),
}
# Titles that merely contain one of these words still name the column ("Рабочий телефон",
# "Логин в Телеграм"); checked before the exact titles so that "Имя пользователя Telegram"
# is not taken for the first name.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "telegram_username": ("telegram", "телеграм", "телеграмм", "tg"),
    "phone": ("телефон", "тел", "phone"),
}
REQUIRED_SPLIT = ("last_name", "first_name", "position")
REQUIRED_JOINED = ("full_name", "position")

_EXACT = {header_form(t): name for name, titles in HEADER_TITLES.items() for t in titles}
_WORDS = {header_form(w): name for name, words in HEADER_WORDS.items() for w in words}


@dataclass(frozen=True, slots=True)
class HeaderCandidate:
    sheet_name: str
    row: int
    columns: ColumnMap
    found: frozenset[str]

    @property
    def complete(self) -> bool:
        return set(REQUIRED_SPLIT) <= self.found or set(REQUIRED_JOINED) <= self.found

    @property
    def missing_titles(self) -> tuple[str, ...]:
        """First titles of the required columns this row lacks (for the error message)."""
        missing = [name for name in REQUIRED_SPLIT if name not in self.found]
        if "full_name" in self.found:
            missing = [name for name in missing if name == "position"]
        return tuple(HEADER_TITLES[name][0] for name in missing)


@dataclass(frozen=True, slots=True)
class HeaderSearch:
    found: HeaderCandidate | None  # the header to read from
    best: HeaderCandidate | None  # closest incomplete header, to name the missing columns
    saw_values: bool  # False when every scanned sheet is empty


def match_column(value: object) -> str | None:
    form = header_form(value)
    if not form:
        return None
    words = form.split(" ")
    for word in words:
        if word in _WORDS:
            return _WORDS[word]
    return _EXACT.get(form)


def classify_row(sheet_name: str, row: int, values: Sequence[object]) -> HeaderCandidate:
    indexes: dict[str, int] = {}
    for index, value in enumerate(values):
        name = match_column(value)
        if name is not None and name not in indexes:
            indexes[name] = index
    return HeaderCandidate(sheet_name, row, ColumnMap(**indexes), frozenset(indexes))


def find_header(
    sheets: Iterable[tuple[str, Iterator[tuple[int, Sequence[object]]]]],
) -> HeaderSearch:
    """``sheets`` yields (name, (row number, values)); stops at the first complete header."""
    best: HeaderCandidate | None = None
    saw_values = False
    for sheet_name, rows in sheets:
        for row_number, values in rows:
            if row_number > HEADER_SCAN_ROWS:
                break
            if not any(v is not None and str(v).strip() for v in values):
                continue
            saw_values = True
            candidate = classify_row(sheet_name, row_number, values)
            if candidate.complete:
                return HeaderSearch(candidate, candidate, saw_values)
            if best is None or len(candidate.found) > len(best.found):
                best = candidate
    return HeaderSearch(None, best, saw_values)
