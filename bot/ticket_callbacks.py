"""Callback data of ticket buttons. User-controlled: handlers re-check rights every time."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class TicketCb(CallbackData, prefix="tk"):
    action: str  # "open", "files", "comment", "edit", "history"
    ticket_id: int


class MyTicketsCb(CallbackData, prefix="tkl"):
    closed: bool = False
    page: int = 0
