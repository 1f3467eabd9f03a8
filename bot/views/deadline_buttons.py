"""Buttons on deadline warnings and breaches: «Открыть» for everyone told, «Назначить» only
for those who may assign. Both are ordinary ticket and workflow buttons, so pressing them
re-checks the presser's rights and the ticket's stage like anywhere else."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.views.callbacks import TicketCb, WorkCb


def deadline_notice_markup(
    i18n: Translator, ticket_id: int, stage_key: str, *, may_assign: bool
) -> dict[str, Any]:
    row = [
        InlineKeyboardButton(
            text=i18n.plain("queues-notice-open"),
            callback_data=TicketCb(action="open", ticket_id=ticket_id).pack(),
        )
    ]
    if may_assign:
        row.append(
            InlineKeyboardButton(
                text=i18n.plain("queues-notice-assign"),
                callback_data=WorkCb(a="assign", t=ticket_id, s=stage_key).pack(),
            )
        )
    return InlineKeyboardMarkup(inline_keyboard=[row]).model_dump(exclude_none=True)
