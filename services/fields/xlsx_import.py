"""The field-set file sent back by a manager → a checked field set, or precise errors."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from services.fields.definition import CHOICE_SEPARATOR, NOW, TODAY, FieldDefinition
from services.fields.field_set import FieldSet
from services.fields.issues import FieldIssue, FieldSetError, issues_from_validation_error
from services.fields.vocabulary import NOW_WORDS, RELATIVE_DAYS, parse_yes_no
from services.fields.xlsx_layout import (
    BOOL_COLUMNS,
    BOUND_COLUMNS,
    COLUMNS,
    FIELDS_SHEET,
    HEADER_SEARCH_ROWS,
    HEADERS,
    INT_COLUMNS,
    MAX_FIELD_ROWS,
    REQUIRED_COLUMNS,
)
from services.messages import Msg
from services.privacy.fields import personal_by_default
from services.xlsx_guard import SMALL_FILE, UploadRefusedError, parse_upload

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A problem in the file: Excel row number and column letter where known."""

    row: int | None
    column: str | None
    msg: Msg


class FieldSetFileError(ValueError):
    def __init__(self, issues: list[FileIssue]) -> None:
        super().__init__("; ".join(f"{i.column}{i.row}: {i.msg.key}" for i in issues))
        self.issues = issues

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the upload worker process and re-raised in the bot.
        return (type(self), (self.issues,))


class _CellError(Exception):
    def __init__(self, msg: Msg) -> None:
        self.msg = msg


async def read_field_set_upload(data: bytes, filename: str | None) -> FieldSet:
    """A manager's upload: ``read_field_set_xlsx`` behind the upload guard.

    Size and zip bombs are checked first; the parse runs in a worker process with a time
    and memory limit (``services.xlsx_guard``). Raises :class:`FieldSetFileError`, with the
    refusal as its only issue when the guard refused the file.
    """
    try:
        return await parse_upload(read_field_set_xlsx, data, filename, SMALL_FILE)
    except UploadRefusedError as refused:
        raise FieldSetFileError([FileIssue(None, None, refused.msg())]) from None


def read_field_set_xlsx(data: bytes) -> FieldSet:
    """Parse and check the whole file; raises :class:`FieldSetFileError` with every problem."""
    rows = _read_rows(data)
    header_row, columns = _find_header(rows)
    issues = [
        FileIssue(header_row + 1, None, Msg("field-file-error-missing-column", {"column": title}))
        for column_id, title in COLUMNS
        if column_id in REQUIRED_COLUMNS and column_id not in columns.values()
    ]
    if issues:
        raise FieldSetFileError(issues)
    letter_of = {column_id: get_column_letter(i + 1) for i, column_id in columns.items()}
    definitions: list[FieldDefinition] = []
    row_numbers: list[int] = []
    body = [
        (number, cells)
        for number, cells in enumerate(rows[header_row + 1 :], start=header_row + 2)
        if not all(_is_blank(cell) for cell in cells)
    ]
    if len(body) > MAX_FIELD_ROWS:
        raise FieldSetFileError([FileIssue(None, None, Msg("field-file-error-too-many-rows"))])
    for offset, cells in body:
        item, cell_issues = _row_item(cells, columns, offset, letter_of)
        if cell_issues:
            issues.extend(cell_issues)
            continue
        try:
            definitions.append(FieldDefinition.model_validate(item))
            row_numbers.append(offset)
        except ValidationError as error:
            for issue in issues_from_validation_error(error, index=None, key=None):
                issues.append(FileIssue(offset, letter_of.get(issue.attribute or ""), issue.msg))
    if not issues:
        try:
            return FieldSet(definitions)
        except FieldSetError as error:
            issues = [_located(issue, row_numbers, letter_of) for issue in error.issues]
    raise FieldSetFileError(sorted(issues, key=lambda issue: (issue.row or 0, issue.column or "")))


def _read_rows(data: bytes) -> list[tuple[Any, ...]]:
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FieldSetFileError(
            [FileIssue(None, None, Msg("field-file-error-unreadable"))]
        ) from error
    sheet = book[FIELDS_SHEET] if FIELDS_SHEET in book.sheetnames else book.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _find_header(rows: Sequence[tuple[Any, ...]]) -> tuple[int, dict[int, str]]:
    by_title = {title.casefold(): column_id for column_id, title in COLUMNS}
    by_title.update({column_id: column_id for column_id in HEADERS})
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = {
            position: by_title[str(cell).strip().casefold()]
            for position, cell in enumerate(row)
            if cell is not None and str(cell).strip().casefold() in by_title
        }
        if "key" in columns.values():
            return index, columns
    raise FieldSetFileError([FileIssue(None, None, Msg("field-file-error-no-header"))])


def _row_item(
    cells: tuple[Any, ...], columns: dict[int, str], row: int, letter_of: dict[str, str]
) -> tuple[dict[str, Any], list[FileIssue]]:
    item: dict[str, Any] = {"validation": {}}
    issues: list[FileIssue] = []
    for position, column_id in columns.items():
        cell = cells[position] if position < len(cells) else None
        if _is_blank(cell):
            continue
        try:
            _put(item, column_id, _convert(column_id, cell))
        except _CellError as error:
            issues.append(FileIssue(row, letter_of[column_id], error.msg))
    condition = item.pop("show_if", {})
    if condition and "field" not in condition:
        issues.append(_missing(row, letter_of, "show_if_field"))
    elif condition and "equals" not in condition:
        issues.append(_missing(row, letter_of, "show_if_value"))
    elif condition:
        item["show_if"] = condition
    item.setdefault("order", row)
    if "personal_data" not in columns.values():
        # A file from before the «ПДн» column: the flags migration 0011 gave stored sets.
        item["personal_data"] = personal_by_default(item.get("key"), item.get("type"))
    return item, issues


def _missing(row: int, letter_of: dict[str, str], column_id: str) -> FileIssue:
    return FileIssue(row, letter_of.get(column_id), Msg("field-file-error-condition-incomplete"))


def _put(item: dict[str, Any], column_id: str, value: Any) -> None:
    if column_id in ("min", "max", "integer_only", "min_length", "max_length", "pattern"):
        item["validation"][column_id] = value
    elif column_id == "show_if_field":
        item.setdefault("show_if", {})["field"] = value
    elif column_id == "show_if_value":
        item.setdefault("show_if", {})["equals"] = value
    else:
        item[column_id] = value


def _convert(column_id: str, cell: Any) -> Any:
    if column_id in BOOL_COLUMNS:
        flag = cell if isinstance(cell, bool) else parse_yes_no(_text(cell))
        if flag is None:
            raise _CellError(Msg("field-file-error-yes-no"))
        return flag
    if column_id in INT_COLUMNS:
        number = _number(cell)
        if not isinstance(number, int):
            raise _CellError(Msg("field-file-error-integer"))
        return number
    if column_id in BOUND_COLUMNS:
        return _bound(cell)
    if column_id == "choices":
        return [part.strip() for part in _text(cell).split(CHOICE_SEPARATOR) if part.strip()]
    if column_id == "type":
        return _text(cell).casefold()
    return _text(cell)


def _bound(cell: Any) -> int | float | date | str:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell).casefold()
    if text == TODAY or RELATIVE_DAYS.get(text) == 0:
        return TODAY
    if text == NOW or text in NOW_WORDS:
        return NOW
    if match := _DOTTED_DATE.fullmatch(text):
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            raise _CellError(Msg("field-file-error-bound")) from None
    number = _number(cell)
    if number is None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _CellError(Msg("field-file-error-bound")) from None
    return number


def _number(cell: Any) -> int | float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return int(cell) if float(cell).is_integer() else float(cell)
    text = _text(cell).replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _located(issue: FieldIssue, rows: list[int], letter_of: dict[str, str]) -> FileIssue:
    row = rows[issue.index] if issue.index is not None else None
    return FileIssue(row, letter_of.get(issue.attribute or ""), issue.msg)
