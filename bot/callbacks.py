"""Callback data of inline buttons. It is user-controlled: handlers re-check everything."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCb(CallbackData, prefix="menu"):
    item: str


class AccessCb(CallbackData, prefix="acc"):
    action: str  # "request", "approve" or "reject"
    request_id: int = 0
