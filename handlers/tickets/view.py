"""Opening tickets: by number (No. 1024, #1024, /t 1024), my tickets, attachments, history."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.filters import IsKnown
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, MyTicketsCb, TicketCb
from bot.views.history import history_chunks
from bot.views.long_text import shorten
from bot.views.ticket_card import CardContext, send_ticket_card
from db.models import Person, Role, Ticket
from handlers.tickets.loading import NoActiveDialogue, open_card, visible_ticket
from services.tickets import queries

NUMBER_TEXT = r"^\s*[№#]\s*\d{1,9}\s*$"
LIST_SUBJECT_LIMIT = 40


def create_router() -> Router:
    router = Router(name="tickets-view")
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.message.register(open_command, Command("t"))
    router.message.register(open_by_text, F.text.regexp(NUMBER_TEXT), NoActiveDialogue())
    router.message.register(my_command, Command("my"))
    router.callback_query.register(my_menu, MenuCb.filter(F.item == "my_tickets"))
    router.callback_query.register(my_page, MyTicketsCb.filter())
    router.callback_query.register(on_ticket_button, TicketCb.filter(F.action.in_(_ACTIONS)))
    return router


async def open_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
) -> None:
    number = queries.parse_ticket_number(command.args)
    if number is None:
        await message.answer(i18n("ticket-open-usage"))
        return
    await open_card(bot, message.chat.id, session, i18n, settings, person, roles, number)


async def open_by_text(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
) -> None:
    number = queries.parse_ticket_number(message.text)
    assert number is not None  # the filter matched the pattern
    await open_card(bot, message.chat.id, session, i18n, settings, person, roles, number)


async def my_command(
    message: Message, session: AsyncSession, i18n: Translator, person: Person | None
) -> None:
    if person is None:
        return
    text, markup = await _my_list(session, i18n, person, closed=False, page=0)
    await message.answer(text, reply_markup=markup)


async def my_menu(
    callback: CallbackQuery, session: AsyncSession, i18n: Translator, person: Person | None
) -> None:
    await callback.answer()
    if person is not None and isinstance(callback.message, Message):
        text, markup = await _my_list(session, i18n, person, closed=False, page=0)
        await callback.message.answer(text, reply_markup=markup)


async def my_page(
    callback: CallbackQuery,
    callback_data: MyTicketsCb,
    session: AsyncSession,
    i18n: Translator,
    person: Person | None,
) -> None:
    await callback.answer()
    if person is None or not isinstance(callback.message, Message):
        return
    text, markup = await _my_list(
        session, i18n, person, closed=callback_data.closed, page=callback_data.page
    )
    if callback.message.text != text or callback.message.reply_markup != markup:
        await callback.message.edit_text(text, reply_markup=markup)


async def _my_list(
    session: AsyncSession, i18n: Translator, person: Person, *, closed: bool, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await queries.authored_by(session, person.id, closed=closed, page=page)
    key = "ticket-my-closed" if closed else "ticket-my-open"
    text = i18n(key, count=found.total, page=found.page + 1, pages=found.pages)
    if not found.tickets:
        text = f"{text}\n{i18n('ticket-my-empty')}"
    rows = ticket_rows(i18n, found.tickets)
    nav: list[InlineKeyboardButton] = []
    if found.page > 0:
        nav.append(_page_button("◀️", closed, found.page - 1))
    if found.page + 1 < found.pages:
        nav.append(_page_button("▶️", closed, found.page + 1))
    if nav:
        rows.append(nav)
    switch_key = "ticket-my-show-open" if closed else "ticket-my-show-closed"
    rows.append(
        [
            InlineKeyboardButton(
                text=i18n.plain(switch_key),
                callback_data=MyTicketsCb(closed=not closed, page=0).pack(),
            )
        ]
    )
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def ticket_rows(i18n: Translator, tickets: list[Ticket]) -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(
                text=i18n.plain(
                    "ticket-list-item",
                    number=ticket.number,
                    subject=shorten(ticket.subject or "—", LIST_SUBJECT_LIMIT),
                ),
                callback_data=TicketCb(action="open", ticket_id=ticket.id).pack(),
            )
        ]
        for ticket in tickets
    ]


def _page_button(label: str, closed: bool, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=label, callback_data=MyTicketsCb(closed=closed, page=page).pack()
    )


async def on_ticket_button(
    callback: CallbackQuery,
    callback_data: TicketCb,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
) -> None:
    ticket = await visible_ticket(session, person, roles, ticket_id=callback_data.ticket_id)
    if ticket is None:
        await callback.answer(i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    chat_id = callback.from_user.id
    if callback_data.action == "open":
        ctx = CardContext(session, i18n, settings, ticket, person, roles)
        await send_ticket_card(bot, chat_id, ctx)
    elif callback_data.action == "files":
        await _send_files(bot, chat_id, session, i18n, ticket)
    else:
        await _send_history(bot, chat_id, session, i18n, settings, ticket)


_ACTIONS = ("open", "files", "history")


async def _send_files(
    bot: Bot, chat_id: int, session: AsyncSession, i18n: Translator, ticket: Ticket
) -> None:
    files = await queries.attachments_of(session, ticket.id)
    if not files:
        await bot.send_message(chat_id, i18n("ticket-no-files", number=ticket.number))
        return
    caption = i18n.plain("ticket-file-caption", number=ticket.number)
    for item in files:
        if item.kind == "photo":
            await bot.send_photo(chat_id, item.file_id, caption=caption, parse_mode=None)
        elif item.kind == "video":
            await bot.send_video(chat_id, item.file_id, caption=caption, parse_mode=None)
        else:
            await bot.send_document(chat_id, item.file_id, caption=caption, parse_mode=None)


async def _send_history(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
) -> None:
    for chunk in await history_chunks(session, i18n, settings, ticket):
        await bot.send_message(chat_id, chunk)
