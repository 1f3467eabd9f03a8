"""Callback data of workflow buttons. User input: handlers re-check everything.

Every button carries the ticket id and the stage it was made for (``stage``), so a button
pressed after the ticket moved on is refused as stale.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class WorkCb(CallbackData, prefix="wk"):
    # accept, move, finish, ask, transfer, reject, confirm, back (return), reopen,
    # comment, refuse, take, assign, pick, answer, history, card, done, cancel
    a: str
    t: int  # ticket id
    s: str = ""  # the stage the button was made for
    x: str = ""  # target stage key or person id


class StagesCb(CallbackData, prefix="stg"):
    action: str  # "download", "upload", "publish", "discard"
