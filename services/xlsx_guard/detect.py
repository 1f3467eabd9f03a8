"""Tell what kind of file was uploaded from its first bytes, before any parser sees it.

The file name is only a hint: people rename files, and Telegram keeps whatever name the
phone gave. Each non-xlsx kind gets its own message saying how to produce an .xlsx.
"""

from __future__ import annotations

import enum

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Office puts a password-protected .xlsx into an OLE2 container with these streams;
# directory entry names are UTF-16-LE.
_ENCRYPTED_STREAMS = tuple(
    name.encode("utf-16-le") for name in ("EncryptionInfo", "EncryptedPackage")
)
_XLS_STREAMS = tuple(name.encode("utf-16-le") for name in ("Workbook", "Book"))
_TEXT_SAMPLE = 64 * 1024


class FileKind(enum.Enum):
    XLSX_CANDIDATE = "zip"  # a zip archive; the zip guard and openpyxl decide the rest
    EMPTY = "empty"
    XLS = "xls"
    ENCRYPTED = "encrypted"
    CSV = "csv"
    NOT_SPREADSHEET = "not-spreadsheet"


def detect_kind(data: bytes, filename: str | None) -> FileKind:
    if not data.strip():
        return FileKind.EMPTY
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data)
    if data.startswith(ZIP_MAGICS):
        return FileKind.XLSX_CANDIDATE
    if _looks_like_csv(data[:_TEXT_SAMPLE], filename):
        return FileKind.CSV
    if _suffix(filename) == "xls" and data.lstrip()[:1] == b"<":
        # "Excel" exports that are really HTML or SpreadsheetML 2003 with an .xls name:
        # Excel opens them and can save them as .xlsx, which is what the admin should do.
        return FileKind.XLS
    return FileKind.NOT_SPREADSHEET


def _ole2_kind(data: bytes) -> FileKind:
    if any(name in data for name in _ENCRYPTED_STREAMS):
        return FileKind.ENCRYPTED
    if any(name in data for name in _XLS_STREAMS):
        return FileKind.XLS
    return FileKind.NOT_SPREADSHEET  # a .doc, .msg or another OLE2 document


def _looks_like_csv(sample: bytes, filename: str | None) -> bool:
    if b"\x00" in sample:
        return False
    text = _decode(sample)
    if text is None:
        return False
    if _suffix(filename) in {"csv", "txt", "tsv"}:
        return True
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return False
    for separator in (";", ",", "\t"):
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and counts.pop() > 0:
            return True
    return False


def _decode(sample: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if printable >= 0.95 * len(text):
            return text
    return None


def _suffix(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].strip().casefold()
