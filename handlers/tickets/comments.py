"""Comments and files added to a ticket after creation; the other side hears through the outbox."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import RequestContext, request_context, started_with
from bot.filters import IsKnown
from bot.views.callbacks import TicketCb
from bot.views.dialog_text import Tr, TrPlain
from bot.views.long_text import split_text
from db.models import Person, Ticket
from handlers.tickets.create_steps import attachment_of
from handlers.tickets.loading import start_dialog_under_card, visible_ticket
from services import outbox
from services.fields import FieldDefinition, FieldType, ParseError, add_attachment
from services.fields.values import Attachment
from services.tickets import comments, rights
from services.visible_text import trim

CAPTION_LIMIT = 1024  # Telegram's limit for a file's caption


class CommentSG(StatesGroup):
    input = State()


def create_router() -> Router:
    router = Router(name="ticket-comments")
    router.callback_query.filter(IsKnown())
    router.callback_query.register(start_comment, TicketCb.filter(F.action == "comment"))
    dialog = Dialog(
        Window(
            Tr("ticket-comment-prompt"),
            Cancel(TrPlain("btn-cancel")),
            MessageInput(on_comment),
            state=CommentSG.input,
            getter=_getter,
        )
    )
    dialog.message.filter(IsKnown())
    dialog.callback_query.filter(IsKnown())
    router.include_router(dialog)
    return router


async def start_comment(
    callback: CallbackQuery,
    callback_data: TicketCb,
    ctx: RequestContext,
    dialog_manager: DialogManager,
) -> None:
    ticket = await visible_ticket(ctx, ticket_id=callback_data.ticket_id)
    if (
        ticket is None
        or ctx.person is None
        or not rights.can_comment(ticket, ctx.person.id, ctx.roles)
    ):
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await start_dialog_under_card(
        callback,
        dialog_manager,
        CommentSG.input,
        ctx.card(ticket),
    )


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    session: AsyncSession = request_context(dialog_manager).session
    ticket = await session.get(Ticket, int(started_with(dialog_manager, "ticket_id")))
    return {"number": ticket.number if ticket else 0}


async def on_comment(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = request_context(manager)
    ticket_id = int(started_with(manager, "ticket_id"))
    ticket = await visible_ticket(ctx, ticket_id=ticket_id)
    if ticket is None or ctx.person is None:  # rights re-checked: they may have changed meanwhile
        await manager.done()
        await message.answer(ctx.i18n("ticket-not-available-button"))
        return
    attachment = attachment_of(message)
    if attachment is not None:
        problem = file_problem(attachment)
        if problem is not None:
            await message.answer(ctx.i18n.msg(problem.msg))
            return
        await comments.add_attachment(
            ctx.session, ticket, ctx.person.id, attachment, message.caption
        )
        caption = trim(message.caption or "")
        await send_file_to_other_side(ctx, ticket, ctx.person, attachment, caption)
        await manager.done()
        await message.answer(ctx.i18n("ticket-file-added", number=ticket.number))
        return
    text = trim(message.text or "")
    if not text:
        key = "ticket-comment-unsupported" if message.text is None else "ticket-comment-blank"
        await message.answer(ctx.i18n(key))
        return
    await comments.add_comment(ctx.session, ticket, ctx.person.id, text)
    note = ctx.i18n(
        "ticket-notify-comment", number=ticket.number, name=ctx.person.full_name, text=text
    )
    await notify_other_side(ctx, ticket, ctx.person.id, note)
    await manager.done()
    await message.answer(ctx.i18n("ticket-comment-added", number=ticket.number))


def file_problem(attachment: Attachment) -> ParseError | None:
    # Only the size limit matters for a comment's file.
    probe = FieldDefinition(key="file", label="file", type=FieldType.ATTACHMENTS)
    result = add_attachment(probe, [], attachment)
    return result if isinstance(result, ParseError) else None


def _open_markup(ctx: RequestContext, ticket: Ticket) -> dict[str, Any]:
    button = InlineKeyboardButton(
        text=ctx.i18n.plain("ticket-btn-open", number=ticket.number),
        callback_data=TicketCb(action="open", ticket_id=ticket.id).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]]).model_dump(exclude_none=True)


async def send_file_to_other_side(
    ctx: RequestContext, ticket: Ticket, sender: Person, attachment: Attachment, caption: str | None
) -> None:
    """The file itself goes to the other side, with who sent it and its caption under it (or,
    too long for a caption, in the messages after it)."""
    note = ctx.i18n("ticket-notify-file", number=ticket.number, name=sender.full_name)
    if caption:
        note += "\n" + ctx.i18n("ticket-notify-file-caption", text=caption)
    fits = len(note) <= CAPTION_LIMIT
    file = {"kind": attachment.kind, "file_id": attachment.file_id}
    markup = _open_markup(ctx, ticket) if fits else None
    for chat_id in await comments.chat_ids(ctx.session, comments.other_side(ticket, sender.id)):
        outbox.enqueue(ctx.session, chat_id, note if fits else "", markup, attachment=file)
    if not fits:
        await notify_other_side(ctx, ticket, sender.id, note)


async def notify_other_side(ctx: RequestContext, ticket: Ticket, actor_id: int, text: str) -> None:
    markup = _open_markup(ctx, ticket)
    targets = comments.other_side(ticket, actor_id)
    # A long comment arrives whole, over several messages; the button goes on the last one.
    chunks = split_text(text)
    for chat_id in await comments.chat_ids(ctx.session, targets):
        for index, chunk in enumerate(chunks):
            outbox.enqueue(
                ctx.session, chat_id, chunk, markup if index == len(chunks) - 1 else None
            )
