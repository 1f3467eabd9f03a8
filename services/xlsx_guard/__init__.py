"""The guard every .xlsx a person uploads goes through (staff list, stages, ticket fields).

1. ``check_upload``: cheap checks on the raw bytes, on the event loop, before any parser:
   the size, what kind of file it really is (``detect``), and the zip's central directory
   (``zipguard``: member count, total unpacked size, compression ratio). A zip bomb is
   refused here in milliseconds.
2. ``parse_upload``: the parse itself in a worker process (``worker``) with a time limit
   and a memory limit, awaited from a thread, so the bot keeps answering everyone.

Each feature picks its limits (``UploadLimits``) and may word the refusals its own way
(``UploadRefusedError.msg(keys)``); the generic texts are ``upload-error-*``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import openpyxl

from services.xlsx_guard.detect import FileKind, detect_kind
from services.xlsx_guard.refusals import Refusal, UploadRefusedError
from services.xlsx_guard.worker import WorkerLimits, run_in_worker
from services.xlsx_guard.zipguard import MAX_TOTAL_UNCOMPRESSED, ZipRefusedError, check_archive

# Without defusedxml openpyxl would expand XML entities (billion laughs); refuse to run
# rather than parse untrusted uploads unsafely.
if not openpyxl.DEFUSEDXML:
    raise ImportError("uploads need defusedxml installed (and OPENPYXL_DEFUSEDXML unset)")

T = TypeVar("T")
MB = 1024 * 1024

_KIND_REFUSALS = {
    FileKind.EMPTY: Refusal.EMPTY,
    FileKind.XLS: Refusal.XLS,
    FileKind.ENCRYPTED: Refusal.ENCRYPTED,
    FileKind.CSV: Refusal.CSV,
    FileKind.NOT_SPREADSHEET: Refusal.NOT_SPREADSHEET,
}
_ZIP_REFUSALS = {
    "bomb": Refusal.BOMB,
    "corrupt": Refusal.CORRUPT,
    "ods": Refusal.ODS,
    "xlsb": Refusal.XLSB,
    "not-spreadsheet": Refusal.NOT_SPREADSHEET,
}


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_bytes: int  # the file as sent
    max_unpacked: int = MAX_TOTAL_UNCOMPRESSED  # all its parts unpacked
    seconds: float = 30.0  # the parse, in the worker
    memory: int = 512 * MB  # growth of the worker's address space

    @property
    def worker(self) -> WorkerLimits:
        return WorkerLimits(self.seconds, self.memory)


# The stage and field files have a few dozen rows: a few KB unpacked, parsed in well
# under a second. The limits leave a wide margin and still stop a crafted file early.
SMALL_FILE = UploadLimits(max_bytes=2 * MB, max_unpacked=8 * MB, seconds=15.0, memory=256 * MB)


def check_upload(data: bytes, filename: str | None, limits: UploadLimits) -> None:
    """Raise ``UploadRefusedError`` unless ``data`` looks like an .xlsx within ``limits``."""
    if len(data) > limits.max_bytes:
        raise UploadRefusedError(Refusal.TOO_BIG, limit_mb=megabytes(limits.max_bytes))
    kind = detect_kind(data, filename)
    if kind is not FileKind.XLSX_CANDIDATE:
        raise UploadRefusedError(_KIND_REFUSALS[kind])
    try:
        check_archive(data, max_unpacked=limits.max_unpacked)
    except ZipRefusedError as problem:
        raise UploadRefusedError(_ZIP_REFUSALS[problem.kind]) from None


async def parse_upload(
    job: Callable[[bytes], T], data: bytes, filename: str | None, limits: UploadLimits
) -> T:
    """``check_upload``, then ``job(data)`` in a worker process; raises ``UploadRefusedError``.

    ``job`` must be picklable: a module-level function or a ``functools.partial`` of one.
    """
    check_upload(data, filename, limits)
    return await asyncio.to_thread(run_in_worker, job, data, limits.worker)


def megabytes(size: int) -> int | float:
    value = size / MB
    return int(value) if value.is_integer() else round(value, 1)


__all__ = [
    "SMALL_FILE",
    "FileKind",
    "Refusal",
    "UploadLimits",
    "UploadRefusedError",
    "WorkerLimits",
    "check_upload",
    "detect_kind",
    "megabytes",
    "parse_upload",
    "run_in_worker",
]
