"""Stored field values and parse results.

Values are plain JSON types so a draft can sit in FSM storage and a ticket in a JSON column:

=============  =========================================================
text, phone    ``str`` (phone normalized, e.g. ``"+7 921 555-01-01"``)
long_text      ``str``
number         ``int`` or ``float``
date           ``str``, ISO date ``"2026-11-27"``
datetime       ``str``, ISO with offset ``"2026-11-27T14:30:00+03:00"``
choice         ``str``, the choice label
multi_choice   ``list[str]``, labels in the order of the choices
yes_no         ``bool``
attachments    ``list[dict]``, see :class:`Attachment`
=============  =========================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from services.messages import Msg

AttachmentKind = Literal["photo", "document", "video", "voice"]
AttachmentValue: TypeAlias = dict[str, str | int | None]
FieldValue: TypeAlias = str | int | float | bool | list[str] | list[AttachmentValue]

ATTACHMENT_KINDS: tuple[AttachmentKind, ...] = ("photo", "document", "video", "voice")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent to an attachments field; ``file_id`` is Telegram's, reusable to resend it."""

    file_id: str
    kind: AttachmentKind
    file_unique_id: str | None = None
    name: str | None = None
    size: int | None = None
    # What the sender wrote under the file; becomes their comment on the ticket.
    caption: str | None = None

    def to_value(self) -> AttachmentValue:
        value: AttachmentValue = {
            "file_id": self.file_id,
            "kind": self.kind,
            "file_unique_id": self.file_unique_id,
            "name": self.name,
            "size": self.size,
        }
        if self.caption:
            value["caption"] = self.caption
        return value

    @classmethod
    def from_value(cls, value: AttachmentValue) -> Attachment:
        kind = value["kind"]
        if kind not in ATTACHMENT_KINDS:
            raise ValueError(f"unknown attachment kind {kind!r}")
        name, size, unique = value.get("name"), value.get("size"), value.get("file_unique_id")
        caption = value.get("caption")
        return cls(
            file_id=str(value["file_id"]),
            kind=kind,
            file_unique_id=None if unique is None else str(unique),
            name=None if name is None else str(name),
            size=size if isinstance(size, int) else None,
            caption=str(caption) if caption else None,
        )


@dataclass(frozen=True, slots=True)
class ParseOk:
    value: FieldValue


@dataclass(frozen=True, slots=True)
class ParseError:
    """What was expected, to show before asking the same field again."""

    msg: Msg


ParseResult: TypeAlias = ParseOk | ParseError


def is_empty(value: FieldValue | None) -> bool:
    """An empty value means "not answered": the field counts as skipped."""
    return value is None or value == "" or value == []
