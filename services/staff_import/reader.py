"""``read_staff_workbook``: bytes of an upload -> valid rows, row errors or a file error."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl.workbook.workbook import Workbook

from services.messages import Msg
from services.staff_import.headers import (
    HEADER_SCAN_ROWS,
    MAX_COLUMNS,
    HeaderCandidate,
    find_header,
)
from services.staff_import.models import ReadResult, RowError, SheetLocation, StaffRow
from services.staff_import.normalize import person_key
from services.staff_import.validate import parse_row
from services.staff_import.workbook import UploadRefusedError, check_upload, open_workbook

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000
_NAME_FIELDS = frozenset({"last_name", "first_name", "patronymic", "position", "full_name"})


def read_staff_workbook(
    data: bytes,
    *,
    filename: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ReadResult:
    """Read and validate an uploaded staff list; never raises for a bad file."""
    try:
        check_upload(data, filename, max_bytes)
        with open_workbook(data) as workbook:
            return _read(workbook, max_rows)
    except UploadRefusedError as refused:
        return ReadResult(file_error=refused.message)
    except Exception as exc:  # untrusted file: openpyxl fails in many ways on junk
        if _defused(exc):
            return ReadResult(file_error=Msg("import-error-unsafe-xml"))
        # The type only: the message could quote cell contents, which are personal data.
        logger.info("staff import: unreadable workbook (%s)", type(exc).__name__)
        return ReadResult(file_error=Msg("import-error-corrupt"))


def _read(workbook: Workbook, max_rows: int) -> ReadResult:
    search = find_header(_sheet_heads(workbook))
    if search.found is None:
        return ReadResult(file_error=_header_error(search.best, saw_values=search.saw_values))
    header = search.found
    sheet = workbook[header.sheet_name]
    width = max(index for index in _indexes(header) if index is not None) + 1
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    data_rows = 0
    start = header.row + 1
    for row_number, values in enumerate(
        sheet.iter_rows(min_row=start, max_col=width, values_only=True), start=start
    ):
        parsed = parse_row(values, row_number, header.columns)
        if parsed is None:
            continue
        data_rows += 1
        if data_rows > max_rows:
            return ReadResult(file_error=Msg("import-error-too-many-rows", {"limit": max_rows}))
        key = parsed.key if isinstance(parsed, RowError) else _key(parsed)
        # Error rows take part too: fixing the first of two equal rows must not hide the other.
        first = first_row_of.setdefault(key, row_number) if key else row_number
        if isinstance(parsed, RowError):
            errors.append(parsed)
        elif first != row_number:
            errors.append(RowError(row_number, (Msg("import-row-duplicate", {"row": first}),), key))
        else:
            rows.append(parsed)
    location = SheetLocation(header.sheet_name, header.row, header.columns)
    if data_rows == 0:
        return ReadResult(file_error=Msg("import-error-no-data"), sheet=location)
    return ReadResult(tuple(rows), tuple(errors), None, location)


def _defused(exc: BaseException | None) -> bool:
    """defusedxml refused the XML; openpyxl re-raises that as a ValueError with a cause."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _sheet_heads(workbook: Workbook) -> Iterator[tuple[str, Iterator[Sequence[Any]]]]:
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(
            min_row=1, max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True
        )
        yield sheet.title, rows


def _header_error(best: HeaderCandidate | None, *, saw_values: bool) -> Msg:
    if not saw_values:
        return Msg("import-error-empty-sheet")
    if best is None or len(best.found & _NAME_FIELDS) < 2:
        return Msg("import-error-no-header")
    return Msg(
        "import-error-missing-columns",
        {"columns": ", ".join(best.missing_titles), "sheet": best.sheet_name, "row": best.row},
    )


def _indexes(header: HeaderCandidate) -> list[int | None]:
    columns = header.columns
    return [
        columns.last_name,
        columns.first_name,
        columns.patronymic,
        columns.position,
        columns.full_name,
        columns.phone,
        columns.telegram_username,
    ]


def _key(row: StaffRow) -> str:
    return person_key(row.last_name, row.first_name, row.patronymic, row.position)
