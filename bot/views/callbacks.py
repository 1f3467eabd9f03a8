"""Callback data of every inline button. It is user input: handlers re-check everything.

Workflow buttons carry the ticket id and the stage they were made for, so a button pressed
after the ticket moved on is refused as stale.
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

# Callback data is user input. A number that cannot be a row's id (an INTEGER column) or a
# Telegram message id makes the data match no button: it is answered as an outdated button
# (the fallback) instead of failing in the database.
RowId = Annotated[int, Field(ge=0, le=INT32_MAX)]
MessageId = Annotated[int, Field(ge=-INT64_MAX, le=INT64_MAX)]


class ForgedButtonError(ValueError):
    """Data of a dialogue button that no button of the bot carries."""


def row_id(value: str) -> int:
    """A dialogue button's item as a row id or an index (aiogram-dialog's ``type_factory``)."""
    if not (value.isascii() and value.isdigit() and len(value) <= 10) or int(value) > INT32_MAX:
        raise ForgedButtonError("not a row id")
    return int(value)


class MenuCb(CallbackData, prefix="menu"):
    item: str


class AccessCb(CallbackData, prefix="acc"):
    action: str  # "request", "approve" or "reject"
    request_id: RowId = 0


class TicketCb(CallbackData, prefix="tk"):
    action: str  # "open", "files", "comment", "edit", "history"
    ticket_id: RowId


class MyTicketsCb(CallbackData, prefix="tkl"):
    closed: bool = False
    page: RowId = 0


class WorkCb(CallbackData, prefix="wk"):
    # accept, move, finish, ask, transfer, reject, confirm, back (return), reopen,
    # comment, refuse, take, assign, pick, answer, history, card, done, cancel
    a: str
    t: RowId  # ticket id
    s: str = ""  # the stage the button was made for
    # target stage key or person id; pick: "person.assignee", the assignee being who had the
    # ticket when the picker was made ("0": nobody; a field of its own would have made every
    # button sent before it unreadable)
    x: str = ""


class StagesCb(CallbackData, prefix="stg"):
    action: str  # "download", "upload", "publish", "discard"


class ImportCb(CallbackData, prefix="simp"):
    action: str  # "apply", "apply_deact" or "cancel"
    upload_id: RowId


class ShiftCb(CallbackData, prefix="shift"):
    action: str  # "toggle"


class FromMessageCb(CallbackData, prefix="fmsg"):
    key: MessageId  # the id of the message the offer was made for (its text is kept server-side)


class WebhookCb(CallbackData, prefix="whk"):
    # list, add, open, on, off, log, delete, delete_sure, gen (secret), type (toggle), save
    a: str
    id: RowId = 0  # webhook endpoint id
    t: str = ""  # event type (toggle)


class CallCb(CallbackData, prefix="call"):
    id: RowId  # calls.id: the number stays server-side
