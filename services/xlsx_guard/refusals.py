"""Why an upload is refused, as a kind each feature may word in its own way."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from services.messages import MessageArg, Msg


class Refusal(enum.StrEnum):
    TOO_BIG = "too-big"  # args: limit_mb
    EMPTY = "empty-file"
    XLS = "xls"
    ENCRYPTED = "encrypted"
    CSV = "csv"
    ODS = "ods"
    XLSB = "xlsb"
    NOT_SPREADSHEET = "not-spreadsheet"
    CORRUPT = "corrupt"
    BOMB = "unpacked-too-big"
    UNSAFE_XML = "unsafe-xml"
    TOO_SLOW = "too-slow"  # args: seconds
    TOO_MUCH_MEMORY = "too-much-memory"
    LONG_TEXT = "long-text"  # args: limit (characters in one cell)
    TOO_MUCH_TEXT = "too-much-text"  # args: limit (characters of text in the workbook)


class UploadRefusedError(Exception):
    """The upload will not be (or was not) parsed; ``msg()`` says why and what to do."""

    def __init__(self, refusal: Refusal, **args: MessageArg) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.args_ = dict(args)

    def msg(self, keys: Mapping[Refusal, str] | None = None) -> Msg:
        """The message: ``keys`` overrides the generic ``upload-error-*`` wording."""
        key = (keys or {}).get(self.refusal, f"upload-error-{self.refusal.value}")
        return Msg(key, self.args_)

    def __reduce__(self) -> tuple[Any, ...]:
        # Crosses from the worker process to the bot: rebuilt with its arguments.
        return (_rebuild, (self.refusal, self.args_))


def _rebuild(refusal: Refusal, args: dict[str, MessageArg]) -> UploadRefusedError:
    return UploadRefusedError(refusal, **args)
