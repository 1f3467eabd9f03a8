"""The workflow's part of the one ticket card (``bot.views.ticket_card``): the moves the
viewer may make now (accept, finish, confirm, return, reopen, ...), "refuse" and "assign".
Comment and history are the card's own buttons, so the workflow's copies are left out."""

from __future__ import annotations

from bot.views.card_parts import CardContext, CardPart
from bot.views.work_buttons import actor_of, ticket_buttons

CARD_OWN_ACTIONS = frozenset({"comment", "history"})
# Long labels that say what happens next, and «Ещё…»: a row each, after the paired moves.
OWN_ROW_ACTIONS = ("refuse", "reject", "transfer", "more")
BUTTONS_PER_ROW = 2


async def workflow_part(ctx: CardContext) -> CardPart:
    actor = actor_of(ctx.viewer, ctx.roles)
    buttons = [
        (code, button)
        for code, button in ticket_buttons(ctx.i18n, ctx.ticket, actor, ctx.settings.workflow.rules)
        if code not in CARD_OWN_ACTIONS
    ]
    paired = [button for code, button in buttons if code not in OWN_ROW_ACTIONS]
    rows = [
        paired[start : start + BUTTONS_PER_ROW] for start in range(0, len(paired), BUTTONS_PER_ROW)
    ]
    rows += [[button] for action in OWN_ROW_ACTIONS for code, button in buttons if code == action]
    return CardPart(rows=rows)
