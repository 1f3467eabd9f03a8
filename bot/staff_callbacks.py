"""Callback data of the staff feature's inline buttons (user input: handlers re-check)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ImportCb(CallbackData, prefix="simp"):
    action: str  # "apply", "apply_deact" or "cancel"
    upload_id: int


class ShiftCb(CallbackData, prefix="shift"):
    action: str  # "toggle"
