"""Opening tickets: by number (No. 1024, #1024, /t 1024), my tickets, attachments, history."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import RequestContext
from bot.filters import IsKnown
from bot.views.callbacks import MenuCb, MyTicketsCb, TicketCb
from bot.views.history import history_chunks
from bot.views.ticket_card import send_ticket_card
from bot.views.ticket_rows import row_button_label, row_line
from db.base import utcnow
from db.models import Ticket
from handlers.tickets.loading import NoActiveDialogue, open_card, visible_ticket
from services.tickets import queries, queues

NUMBER_TEXT = r"^\s*[№#]\s*\d{1,9}\s*$"


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


async def open_command(message: Message, command: CommandObject, ctx: RequestContext) -> None:
    number = queries.parse_ticket_number(command.args)
    if number is None:
        await message.answer(ctx.i18n("ticket-open-usage"))
        return
    await open_card(ctx, message.chat.id, number)


async def open_by_text(message: Message, ctx: RequestContext) -> None:
    number = queries.parse_ticket_number(message.text)
    assert number is not None  # the filter matched the pattern
    await open_card(ctx, message.chat.id, number)


async def my_command(message: Message, ctx: RequestContext) -> None:
    if ctx.person is None:
        return
    text, markup = await _my_list(ctx, closed=False, page=0)
    await message.answer(text, reply_markup=markup)


async def my_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if ctx.person is not None and isinstance(callback.message, Message):
        text, markup = await _my_list(ctx, closed=False, page=0)
        await callback.message.answer(text, reply_markup=markup)


async def my_page(callback: CallbackQuery, callback_data: MyTicketsCb, ctx: RequestContext) -> None:
    await callback.answer()
    if ctx.person is None or not isinstance(callback.message, Message):
        return
    text, markup = await _my_list(ctx, closed=callback_data.closed, page=callback_data.page)
    if callback.message.text != text or callback.message.reply_markup != markup:
        await callback.message.edit_text(text, reply_markup=markup)


async def _my_list(
    ctx: RequestContext, *, closed: bool, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await queues.authored_page(
        ctx.session, ctx.member.id, utcnow(), closed=closed, page=page
    )
    key = "ticket-my-closed" if closed else "ticket-my-open"
    lines = [ctx.i18n(key, count=found.total, page=found.page + 1, pages=found.pages)]
    if not found.rows:
        lines.append(ctx.i18n("ticket-my-empty"))
    tz = ctx.settings.company.tz
    lines += [row_line(ctx.i18n, row, tz) for row in found.rows]
    rows = [
        [
            InlineKeyboardButton(
                text=row_button_label(ctx.i18n, row),
                callback_data=TicketCb(action="open", ticket_id=row.ticket_id).pack(),
            )
        ]
        for row in found.rows
    ]
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
                text=ctx.i18n.plain(switch_key),
                callback_data=MyTicketsCb(closed=not closed, page=0).pack(),
            )
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def _page_button(label: str, closed: bool, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=label, callback_data=MyTicketsCb(closed=closed, page=page).pack()
    )


async def on_ticket_button(
    callback: CallbackQuery, callback_data: TicketCb, ctx: RequestContext
) -> None:
    ticket = await visible_ticket(ctx, ticket_id=callback_data.ticket_id)
    if ticket is None:
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    chat_id = callback.from_user.id
    if callback_data.action == "open":
        await send_ticket_card(ctx.bot, chat_id, ctx.card(ticket))
    elif callback_data.action == "files":
        await _send_files(ctx, chat_id, ticket)
    else:
        await _send_history(ctx, chat_id, ticket)


_ACTIONS = ("open", "files", "history")


async def _send_files(ctx: RequestContext, chat_id: int, ticket: Ticket) -> None:
    files = await queries.attachments_of(ctx.session, ticket.id)
    if not files:
        await ctx.bot.send_message(chat_id, ctx.i18n("ticket-no-files", number=ticket.number))
        return
    caption = ctx.i18n.plain("ticket-file-caption", number=ticket.number)
    for item in files:
        if item.kind == "photo":
            await ctx.bot.send_photo(chat_id, item.file_id, caption=caption, parse_mode=None)
        elif item.kind == "video":
            await ctx.bot.send_video(chat_id, item.file_id, caption=caption, parse_mode=None)
        elif item.kind == "voice":
            await ctx.bot.send_voice(chat_id, item.file_id, caption=caption, parse_mode=None)
        else:
            await ctx.bot.send_document(chat_id, item.file_id, caption=caption, parse_mode=None)


async def _send_history(ctx: RequestContext, chat_id: int, ticket: Ticket) -> None:
    for chunk in await history_chunks(ctx.session, ctx.i18n, ctx.settings, ticket):
        await ctx.bot.send_message(chat_id, chunk)
