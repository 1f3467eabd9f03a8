"""Text search over tickets for managers and admins (the find-ticket button)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, Select
from aiogram_dialog.widgets.text import Format

from bot.context import request_context
from bot.filters import HasRole
from bot.views.callbacks import MenuCb
from bot.views.dialog_text import TrPlain
from bot.views.long_text import shorten
from bot.views.ticket_card import send_ticket_card
from db.models import MANAGING_ROLES
from handlers.tickets.loading import visible_ticket
from services.tickets import queries

RESULT_LABEL_LIMIT = 50


class SearchSG(StatesGroup):
    query = State()


def create_router() -> Router:
    staff = HasRole(*MANAGING_ROLES)
    router = Router(name="ticket-search")
    router.callback_query.register(start_search, MenuCb.filter(F.item == "find_ticket"), staff)
    dialog = Dialog(
        Window(
            Format("{body}"),
            Column(Select(Format("{item[1]}"), "r", lambda x: x[0], "results", int, _on_open)),
            Cancel(TrPlain("btn-cancel")),
            MessageInput(_on_query),
            state=SearchSG.query,
            getter=_getter,
        )
    )
    dialog.message.filter(staff)
    dialog.callback_query.filter(staff)
    router.include_router(dialog)
    return router


async def start_search(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(SearchSG.query, mode=StartMode.RESET_STACK)


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    query = dialog_manager.dialog_data.get("query")
    if not query:
        return {"body": ctx.i18n("ticket-search-prompt"), "results": []}
    if len(query.strip()) < queries.MIN_SEARCH_LENGTH:
        return {"body": ctx.i18n("ticket-search-too-short"), "results": []}
    found = await queries.search(ctx.session, query)
    key = "ticket-search-found" if found.total else "ticket-search-none"
    results = [
        (
            t.id,
            ctx.i18n.plain(
                "ticket-list-item",
                number=t.number,
                subject=shorten(t.subject or "—", RESULT_LABEL_LIMIT),
            ),
        )
        for t in found.tickets
    ]
    body = ctx.i18n(key, query=query, count=found.total, shown=len(results))
    return {"body": body, "results": results}


async def _on_query(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["query"] = (message.text or "").strip()


async def _on_open(
    callback: CallbackQuery, _w: Any, manager: DialogManager, ticket_id: int
) -> None:
    ctx = request_context(manager)
    ticket = await visible_ticket(ctx, ticket_id=int(ticket_id))
    if ticket is None:
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    await send_ticket_card(ctx.bot, callback.from_user.id, ctx.card(ticket))
