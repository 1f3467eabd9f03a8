"""Checks on the raw upload (``services.xlsx_guard``, in the staff import's words) and a safe
openpyxl opener."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import openpyxl
from openpyxl.workbook.workbook import Workbook

from services.messages import Msg
from services.xlsx_guard import Refusal, UploadLimits, UploadRefusedError
from services.xlsx_guard import check_upload as check_xlsx

# The staff import's own wording (it names the staff list); other refusals read generically.
STAFF_MESSAGES = {
    Refusal.TOO_BIG: "import-error-too-big",
    Refusal.EMPTY: "import-error-empty-file",
    Refusal.XLS: "import-error-xls",
    Refusal.ENCRYPTED: "import-error-encrypted",
    Refusal.CSV: "import-error-csv",
    Refusal.ODS: "import-error-ods",
    Refusal.XLSB: "import-error-xlsb",
    Refusal.NOT_SPREADSHEET: "import-error-not-spreadsheet",
    Refusal.CORRUPT: "import-error-corrupt",
    Refusal.BOMB: "import-error-unpacked-too-big",
    Refusal.UNSAFE_XML: "import-error-unsafe-xml",
}


def staff_limits(max_bytes: int) -> UploadLimits:
    """A 10,000-row list reads in 1-3 s; 60 s and 512 MB only stop what is not a staff list."""
    return UploadLimits(max_bytes=max_bytes, seconds=60.0)


def refusal_message(refused: UploadRefusedError) -> Msg:
    return refused.msg(STAFF_MESSAGES)


def check_upload(data: bytes, filename: str | None, max_bytes: int) -> None:
    """Cheap checks on the raw bytes (``xlsx_guard``); raise ``UploadRefusedError``."""
    check_xlsx(data, filename, staff_limits(max_bytes))


@contextmanager
def open_workbook(data: bytes) -> Iterator[Workbook]:
    """Read-only, values instead of formulas; call ``check_upload`` first.

    Used for the error workbook, where openpyxl keeps dates as dates; reading for the
    preview goes through the faster ``xlsx_stream``.
    """
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it ignores; they do not matter here.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    try:
        for sheet in workbook.worksheets:
            # Some generators write a wrong <dimension>; read-only mode would trust it and
            # cut rows off or pad rows to a huge width.
            sheet.reset_dimensions()
        yield workbook
    finally:
        workbook.close()
