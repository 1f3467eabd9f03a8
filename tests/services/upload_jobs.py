"""Jobs for the upload worker tests: module-level (picklable) and light to import."""

from __future__ import annotations

import time
from pathlib import Path

from services.fields.xlsx_import import FieldSetFileError, FileIssue
from services.messages import Msg


def size(data: bytes) -> int:
    return len(data)


def sleepy(_data: bytes) -> None:
    time.sleep(60)


def greedy(_data: bytes) -> int:
    hoard = bytearray(1024 * 1024 * 1024)  # beyond the memory limit the test sets
    return len(hoard)


def refusing(_data: bytes) -> None:
    raise FieldSetFileError([FileIssue(3, "B", Msg("field-file-error-yes-no"))])


def marking(_data: bytes, *, marker: str) -> None:
    Path(marker).touch()
