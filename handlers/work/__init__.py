"""Working a ticket: taking and assigning it, its stage actions, the words some actions need
(a report, a reason, an answer), an executor's list of tickets in work. Staff only."""

from __future__ import annotations

from aiogram import Router

from bot.filters import IsKnown
from handlers.work import actions, assignment, inputs, my_work


def create_router() -> Router:
    router = Router(name="work")
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.include_routers(
        # The words an action waits for come before any other handling of a message.
        inputs.create_router(),
        assignment.create_router(),
        actions.create_router(),
        my_work.create_router(),
    )
    return router
