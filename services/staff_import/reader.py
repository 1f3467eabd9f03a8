"""``read_staff_workbook``: bytes of an upload -> valid rows, row errors or a file error."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Sequence

from services.messages import Msg
from services.staff_import.headers import MAX_COLUMNS, HeaderCandidate, find_header
from services.staff_import.models import ReadResult, RowError, SheetLocation, StaffRow
from services.staff_import.normalize import person_key
from services.staff_import.validate import parse_row
from services.staff_import.workbook import check_upload, refusal_message
from services.staff_import.xlsx_stream import (
    UnsafeXmlError,
    iter_rows,
    list_sheets,
    shared_strings,
)
from services.xlsx_guard import UploadRefusedError

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
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _read(archive, max_rows)
    except UploadRefusedError as refused:
        return ReadResult(file_error=refusal_message(refused))
    except UnsafeXmlError:
        return ReadResult(file_error=Msg("import-error-unsafe-xml"))
    except Exception as exc:  # untrusted file: parsing junk fails in many ways
        # The type only: the message could quote cell contents, which are personal data.
        logger.info("staff import: unreadable workbook (%s)", type(exc).__name__)
        return ReadResult(file_error=Msg("import-error-corrupt"))


def _read(archive: zipfile.ZipFile, max_rows: int) -> ReadResult:
    sheets = {sheet.name: sheet.path for sheet in list_sheets(archive)}
    strings = shared_strings(archive)
    heads = (
        (name, iter_rows(archive, path, strings, max_col=MAX_COLUMNS))
        for name, path in sheets.items()
    )
    search = find_header(heads)
    if search.found is None:
        return ReadResult(file_error=_header_error(search.best, saw_values=search.saw_values))
    header = search.found
    width = max(index for index in _indexes(header) if index is not None) + 1
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    data_rows = 0
    for row_number, values in iter_rows(archive, sheets[header.sheet_name], strings, max_col=width):
        if row_number <= header.row:
            continue
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


def _header_error(best: HeaderCandidate | None, *, saw_values: bool) -> Msg:
    if not saw_values:
        return Msg("import-error-empty-sheet")
    if best is None or len(best.found & _NAME_FIELDS) < 2:
        return Msg("import-error-no-header")
    return Msg(
        "import-error-missing-columns",
        {"columns": ", ".join(best.missing_titles), "sheet": best.sheet_name, "row": best.row},
    )


def _indexes(header: HeaderCandidate) -> Sequence[int | None]:
    columns = header.columns
    return (
        columns.last_name,
        columns.first_name,
        columns.patronymic,
        columns.position,
        columns.full_name,
        columns.phone,
        columns.telegram_username,
    )


def _key(row: StaffRow) -> str:
    return person_key(row.last_name, row.first_name, row.patronymic, row.position)
