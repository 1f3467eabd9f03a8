"""The workflow's part of the one ticket card (``bot.views.ticket_card``): the moves the
viewer may make now (accept, finish, confirm, return, reopen, ...), "refuse" and "assign".
Comment and history are the card's own buttons, so the workflow's copies are left out."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.views.callbacks import WorkCb
from bot.views.card_parts import CardContext, CardPart
from bot.views.work_buttons import actor_of, ticket_keyboard

CARD_OWN_ACTIONS = frozenset({"comment", "history"})
BUTTONS_PER_ROW = 2


async def workflow_part(ctx: CardContext) -> CardPart:
    actor = actor_of(ctx.viewer, ctx.roles)
    markup = ticket_keyboard(ctx.i18n, ctx.ticket, actor, ctx.settings.workflow.rules)
    if markup is None:
        return CardPart()
    buttons: list[InlineKeyboardButton] = [
        button
        for row in markup.inline_keyboard
        for button in row
        if not _is_card_own(button.callback_data)
    ]
    rows = [
        buttons[start : start + BUTTONS_PER_ROW]
        for start in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    return CardPart(rows=rows)


def _is_card_own(data: str | None) -> bool:
    return data is not None and WorkCb.unpack(data).a in CARD_OWN_ACTIONS
