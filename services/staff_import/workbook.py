"""Checks on the raw upload (size, kind, zip guard) and a safe openpyxl opener."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import openpyxl
from openpyxl.workbook.workbook import Workbook

from services.messages import Msg
from services.staff_import.detect import FileKind, detect_kind
from services.staff_import.zipguard import ZipRefusedError, check_archive

# Without defusedxml openpyxl would expand XML entities (billion laughs); refuse to run
# rather than parse untrusted uploads unsafely.
if not openpyxl.DEFUSEDXML:
    raise ImportError("staff import needs defusedxml installed (and OPENPYXL_DEFUSEDXML unset)")

_KIND_ERRORS = {
    FileKind.EMPTY: "import-error-empty-file",
    FileKind.XLS: "import-error-xls",
    FileKind.ENCRYPTED: "import-error-encrypted",
    FileKind.CSV: "import-error-csv",
    FileKind.NOT_SPREADSHEET: "import-error-not-spreadsheet",
}
_ZIP_ERRORS = {
    "bomb": "import-error-unpacked-too-big",
    "corrupt": "import-error-corrupt",
    "ods": "import-error-ods",
    "xlsb": "import-error-xlsb",
    "not-spreadsheet": "import-error-not-spreadsheet",
}


class UploadRefusedError(Exception):
    """The upload is not a workbook we will open; ``message`` says why and what to do."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.key)
        self.message = message


def check_upload(data: bytes, filename: str | None, max_bytes: int) -> None:
    """Cheap checks on the raw bytes; raise ``UploadRefusedError``."""
    if len(data) > max_bytes:
        raise UploadRefusedError(Msg("import-error-too-big", {"limit_mb": _megabytes(max_bytes)}))
    kind = detect_kind(data, filename)
    if kind is not FileKind.XLSX_CANDIDATE:
        raise UploadRefusedError(Msg(_KIND_ERRORS[kind]))
    try:
        check_archive(data)
    except ZipRefusedError as problem:
        raise UploadRefusedError(Msg(_ZIP_ERRORS[problem.kind])) from None


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


def _megabytes(size: int) -> int | float:
    megabytes = size / (1024 * 1024)
    return int(megabytes) if megabytes.is_integer() else round(megabytes, 1)
