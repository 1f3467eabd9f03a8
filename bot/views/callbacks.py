"""Callback data of every inline button. It is user input: handlers re-check everything.

Workflow buttons carry the ticket id and the stage they were made for, so a button pressed
after the ticket moved on is refused as stale.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCb(CallbackData, prefix="menu"):
    item: str


class AccessCb(CallbackData, prefix="acc"):
    action: str  # "request", "approve" or "reject"
    request_id: int = 0


class TicketCb(CallbackData, prefix="tk"):
    action: str  # "open", "files", "comment", "edit", "history"
    ticket_id: int


class MyTicketsCb(CallbackData, prefix="tkl"):
    closed: bool = False
    page: int = 0


class WorkCb(CallbackData, prefix="wk"):
    # accept, move, finish, ask, transfer, reject, confirm, back (return), reopen,
    # comment, refuse, take, assign, pick, answer, history, card, done, cancel
    a: str
    t: int  # ticket id
    s: str = ""  # the stage the button was made for
    x: str = ""  # target stage key or person id


class StagesCb(CallbackData, prefix="stg"):
    action: str  # "download", "upload", "publish", "discard"


class ImportCb(CallbackData, prefix="simp"):
    action: str  # "apply", "apply_deact" or "cancel"
    upload_id: int


class ShiftCb(CallbackData, prefix="shift"):
    action: str  # "toggle"


class FromMessageCb(CallbackData, prefix="fmsg"):
    key: int  # the id of the message the offer was made for (its text is kept server-side)


class WebhookCb(CallbackData, prefix="whk"):
    # list, add, open, on, off, log, delete, delete_sure, gen (secret), type (toggle), save
    a: str
    id: int = 0  # webhook endpoint id
    t: str = ""  # event type (toggle)


class CallCb(CallbackData, prefix="call"):
    id: int  # calls.id: the number stays server-side
