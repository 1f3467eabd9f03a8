"""Refuse zip bombs before anything is inflated.

An .xlsx is a zip of XML parts. The central directory declares every member's uncompressed
size, and ``zipfile.ZipExtFile`` never returns more than that (a member that inflates further
fails its CRC check), so bounding the declared sizes bounds the work and memory of parsing.
Only the central directory is read here: a bomb is refused in milliseconds, on the event
loop, before any worker starts. XML entity bombs are refused by the parsers: the staff
reader rejects any DTD, and openpyxl goes through defusedxml, which ``__init__`` insists on.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_MEMBERS = 2_000
# A 10,000-row staff list unpacks to a few MB; 64 MB leaves room for styles and images.
# Callers with small files (stages, fields) pass a lower limit.
MAX_TOTAL_UNCOMPRESSED = 64 * 1024 * 1024
# Real sheet XML compresses 5-30x; a stream of zeros compresses about 1000x.
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024  # tiny members may compress oddly well; they are harmless

REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class ZipRefusedError(Exception):
    """Why the archive is refused; ``kind`` picks the message."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class ZipCheck:
    members: int
    total_uncompressed: int


def check_archive(data: bytes, *, max_unpacked: int = MAX_TOTAL_UNCOMPRESSED) -> ZipCheck:
    """Raise ``ZipRefusedError`` with kind bomb / corrupt / ods / xlsb / not-spreadsheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, max_unpacked)
            _check_kind(archive, {info.filename for info in infos})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ZipRefusedError("corrupt") from None
    return ZipCheck(members=len(infos), total_uncompressed=sum(i.file_size for i in infos))


def _check_sizes(infos: list[zipfile.ZipInfo], max_unpacked: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise ZipRefusedError("bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if total > max_unpacked:
            raise ZipRefusedError("bomb")
        if info.file_size >= RATIO_CHECK_FROM and (
            info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise ZipRefusedError("bomb")
        if info.flag_bits & 0x1:
            raise ZipRefusedError("corrupt")  # zip-level encryption: not something Excel writes


def _check_kind(archive: zipfile.ZipFile, names: set[str]) -> None:
    if all(name in names for name in REQUIRED_MEMBERS):
        return
    if "xl/workbook.bin" in names:
        raise ZipRefusedError("xlsb")
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 256:
        if archive.read("mimetype").strip() == ODS_MIMETYPE:
            raise ZipRefusedError("ods")
        raise ZipRefusedError("not-spreadsheet")
    if any(name.startswith("xl/") for name in names):
        raise ZipRefusedError("corrupt")
    raise ZipRefusedError("not-spreadsheet")
