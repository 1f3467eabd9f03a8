"""Finding tickets: «🔎 Найти заявку», /find [query], and a number, phone or address typed
outside a dialogue. Everyone who sees tickets searches, each within what they may see
(``rights.visible_clause``, the rule of ``rights.can_view``). The query is never logged."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select
from aiogram_dialog.widgets.text import Const, Format

from bot.config import Settings
from bot.context import RequestContext, request_context, started_with
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, row_id
from bot.views.dialog_text import TrPlain
from bot.views.long_text import shorten
from bot.views.menu import main_menu
from bot.views.ticket_card import send_ticket_card
from db.models import Role, Ticket
from handlers.tickets.loading import NoActiveDialogue, visible_ticket
from services.tickets import queries, rights
from services.tickets.definitions import workflow_of
from services.tickets.search_index import parse_query

QUERY, PAGE, NEED_TEXT = "query", "page", "need_text"
MAX_QUERY_LENGTH = 100
ADDRESS_LIMIT = 32


class SearchSG(StatesGroup):
    query = State()


class MaySearch(Filter):
    """The sender sees tickets (``rights.may_see_tickets``)."""

    async def __call__(self, event: TelegramObject, roles: frozenset[Role] = frozenset()) -> bool:
        return rights.may_see_tickets(roles)


class NotCommand(Filter):
    """Anything but a bot command: commands typed in the search go to their own handlers."""

    async def __call__(self, event: TelegramObject) -> bool:
        if not isinstance(event, Message) or not event.text or not event.entities:
            return True
        first = event.entities[0]
        return not (first.type == "bot_command" and first.offset == 0)


class LooksLikeLookup(Filter):
    """Text that is a ticket number, a phone or an address (a word and a house number)."""

    async def __call__(self, event: TelegramObject) -> bool:
        text = event.text if isinstance(event, Message) else None
        if not text or len(text) > MAX_QUERY_LENGTH or text.startswith("/"):
            return False
        return parse_query(text).looks_like_lookup


def create_router() -> Router:
    router = Router(name="ticket-search")
    router.callback_query.register(start_from_menu, MenuCb.filter(F.item == "find_ticket"))
    router.message.register(find_command, Command("find"))
    router.callback_query.filter(MaySearch())
    router.message.filter(MaySearch())
    dialog = Dialog(
        Window(
            Format("{body}"),
            Column(Select(Format("{item[1]}"), "r", lambda x: x[0], "results", row_id, _on_open)),
            Row(
                Button(Const("◀️"), id="prev", on_click=_prev_page, when="has_prev"),
                Button(Const("▶️"), id="next", on_click=_next_page, when="has_next"),
            ),
            Button(TrPlain("btn-menu"), id="close", on_click=_on_close),
            MessageInput(_on_query),
            state=SearchSG.query,
            getter=_getter,
        ),
        on_start=_on_start,
    )
    dialog.message.filter(MaySearch(), NotCommand())
    dialog.callback_query.filter(MaySearch())
    router.include_router(dialog)
    return router


def create_free_text_router() -> Router:
    """Text typed outside any dialogue by someone who may search; after every other handler
    of text (dialogues, «№1024»), so it takes only what nobody else understood."""
    router = Router(name="ticket-search-free-text")
    router.message.filter(F.text, NoActiveDialogue(), MaySearch())
    router.message.register(search_free_text, LooksLikeLookup())
    router.message.register(not_understood)
    return router


async def start_from_menu(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(SearchSG.query, mode=StartMode.RESET_STACK)


async def find_command(
    message: Message, command: CommandObject, dialog_manager: DialogManager
) -> None:
    data = {QUERY: command.args.strip()} if command.args and command.args.strip() else None
    await dialog_manager.start(SearchSG.query, data=data, mode=StartMode.RESET_STACK)


async def search_free_text(message: Message, dialog_manager: DialogManager) -> None:
    query = (message.text or "").strip()
    await dialog_manager.start(SearchSG.query, data={QUERY: query}, mode=StartMode.RESET_STACK)


async def not_understood(message: Message, ctx: RequestContext) -> None:
    await message.answer(ctx.i18n("search-not-understood"))


async def _on_start(_start_data: Any, manager: DialogManager) -> None:
    query = started_with(manager, QUERY)
    manager.dialog_data[QUERY] = query if isinstance(query, str) else None
    manager.dialog_data[PAGE] = 0


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    i18n = ctx.i18n
    empty = {"results": [], "has_prev": False, "has_next": False}
    text = dialog_manager.dialog_data.get(QUERY)
    if dialog_manager.dialog_data.get(NEED_TEXT):
        return {"body": i18n("search-need-text"), **empty}
    if not isinstance(text, str) or not text:
        return {"body": i18n("search-prompt"), **empty}
    if len(text) > MAX_QUERY_LENGTH:
        return {"body": i18n("search-too-long", limit=MAX_QUERY_LENGTH), **empty}
    query = parse_query(text)
    if query.is_empty:
        return {"body": i18n("search-empty-query"), **empty}
    page = dialog_manager.dialog_data.get(PAGE)
    found = await queries.search(
        ctx.session,
        query,
        person_id=ctx.person.id if ctx.person else None,
        roles=ctx.roles,
        page=page if isinstance(page, int) else 0,
    )
    dialog_manager.dialog_data[PAGE] = found.page  # clamped: the results may have shrunk
    if not found.total:
        return {"body": i18n("search-none", query=text), **empty}
    body = i18n(
        "search-found", query=text, count=found.total, page=found.page + 1, pages=found.pages
    )
    return {
        "body": body,
        "results": [(t.id, result_label(i18n, ctx.settings, t)) for t in found.tickets],
        "has_prev": found.page > 0,
        "has_next": found.page + 1 < found.pages,
    }


def result_label(i18n: Translator, settings: Settings, ticket: Ticket) -> str:
    """№, address (the subject when there is none), stage and priority."""
    parts = [
        str(ticket.values.get(key)).strip()
        for key in settings.tickets.address_fields
        if ticket.values.get(key) not in (None, "", [])
    ]
    place = ", ".join(part for part in parts if part) or ticket.subject
    stage = workflow_of(ticket.workflow).get(ticket.stage_key)
    none = i18n.plain("search-no-value")
    return i18n.plain(
        "search-row",
        number=ticket.number,
        address=shorten(place, ADDRESS_LIMIT) if place else none,
        stage=stage.name if stage else ticket.stage_key,
        priority=ticket.priority or none,
    )


async def _on_query(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data[NEED_TEXT] = message.text is None
    manager.dialog_data[QUERY] = (message.text or "").strip() or None
    manager.dialog_data[PAGE] = 0


async def _prev_page(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _turn(manager, -1)


async def _next_page(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _turn(manager, +1)


def _turn(manager: DialogManager, delta: int) -> None:
    page = manager.dialog_data.get(PAGE)
    manager.dialog_data[PAGE] = max(0, (page if isinstance(page, int) else 0) + delta)


async def _on_open(
    callback: CallbackQuery, _widget: Any, manager: DialogManager, ticket_id: int
) -> None:
    ctx = request_context(manager)
    ticket = await visible_ticket(ctx, ticket_id=int(ticket_id))
    if ticket is None:
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    await send_ticket_card(ctx.bot, callback.from_user.id, ctx.card(ticket))


async def _on_close(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    await callback.answer()
    await manager.done()
    if isinstance(callback.message, Message):
        markup = main_menu(ctx.i18n, ctx.roles)
        await callback.message.answer(ctx.i18n("search-closed"), reply_markup=markup)
