"""A photo, voice message or file an executor or operator sends outside any dialogue is not
lost: «Добавить к заявке №…?» with a button per open ticket they work on or wrote (the nearest
deadline first) and «✖️ Не добавлять». The file waits in the person's FSM data (a button
holds 64 bytes, a file id does not fit); the press re-checks the ticket and the person's
rights before attaching."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)

from bot.context import RequestContext
from bot.views.callbacks import MessageId, RowId
from bot.views.ticket_rows import row_button_label
from db.base import utcnow
from db.models import Role
from handlers.tickets.comments import file_problem, send_file_to_other_side
from handlers.tickets.create_steps import attachment_of
from handlers.tickets.loading import NoActiveDialogue, visible_ticket
from services.fields.values import Attachment
from services.tickets import comments, queues, rights

PENDING = "stray_files"
KEPT_FILES = 5  # older files are forgotten (the person is told to send again)
MAX_TICKETS = 8
OWN_TICKET_ROLES = frozenset({Role.EXECUTOR, Role.OPERATOR})


class StrayFileCb(CallbackData, prefix="sf"):
    key: MessageId  # the message id of the file
    ticket_id: RowId  # 0: drop the file


class HasOwnTickets(Filter):
    """Executors (the tickets they work on) and operators (the tickets they wrote)."""

    async def __call__(self, event: TelegramObject, roles: frozenset[Role] = frozenset()) -> bool:
        return bool(roles & OWN_TICKET_ROLES)


def create_router() -> Router:
    router = Router(name="ticket-stray-files")
    router.message.filter(NoActiveDialogue(), HasOwnTickets())
    router.message.register(offer, F.photo | F.document | F.video | F.voice)
    router.callback_query.register(on_pick, StrayFileCb.filter())
    return router


def file_of(message: Message) -> Attachment | None:
    if message.voice is not None:
        voice = message.voice
        caption = (message.caption or "").strip() or None
        return Attachment(
            voice.file_id, "voice", voice.file_unique_id, None, voice.file_size, caption
        )
    return attachment_of(message)


async def offer(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    attachment = file_of(message)
    if attachment is None or ctx.person is None:
        return
    rows = await queues.own_open_rows(ctx.session, ctx.person.id, utcnow(), limit=MAX_TICKETS)
    if not rows:
        await message.answer(ctx.i18n("stray-file-no-tickets"))
        return
    data = await state.get_data()
    pending: dict[str, Any] = dict(data.get(PENDING) or {})
    pending[str(message.message_id)] = attachment.to_value()
    kept = sorted(pending, key=int)[-KEPT_FILES:]
    await state.update_data({PENDING: {key: pending[key] for key in kept}})
    buttons = [
        [
            InlineKeyboardButton(
                text=row_button_label(ctx.i18n, row),
                callback_data=StrayFileCb(key=message.message_id, ticket_id=row.ticket_id).pack(),
            )
        ]
        for row in rows
    ]
    buttons.append(
        [
            InlineKeyboardButton(
                text=ctx.i18n.plain("stray-file-btn-drop"),
                callback_data=StrayFileCb(key=message.message_id, ticket_id=0).pack(),
            )
        ]
    )
    await message.answer(
        ctx.i18n("stray-file-offer"), reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons)
    )


async def on_pick(
    callback: CallbackQuery, callback_data: StrayFileCb, ctx: RequestContext, state: FSMContext
) -> None:
    data = await state.get_data()
    pending: dict[str, Any] = dict(data.get(PENDING) or {})
    value = pending.pop(str(callback_data.key), None)
    if value is None:
        await callback.answer(ctx.i18n.plain("stray-file-gone"), show_alert=True)
        return
    if callback_data.ticket_id == 0:
        await state.update_data({PENDING: pending})
        await callback.answer()
        await _close_offer(callback, ctx.i18n("stray-file-dropped"))
        return
    ticket = await visible_ticket(ctx, ticket_id=callback_data.ticket_id)
    if (
        ticket is None
        or ctx.person is None
        or ticket.closed_at is not None
        or not rights.can_comment(ticket, ctx.person.id, ctx.roles)
    ):
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    attachment = Attachment.from_value(value)
    problem = file_problem(attachment)
    if problem is not None:
        await state.update_data({PENDING: pending})
        await callback.answer()
        await _close_offer(callback, ctx.i18n.msg(problem.msg))
        return
    await comments.add_attachment(ctx.session, ticket, ctx.person.id, attachment)
    await send_file_to_other_side(ctx, ticket, ctx.person, attachment, attachment.caption)
    await state.update_data({PENDING: pending})
    await callback.answer()
    await _close_offer(callback, ctx.i18n("ticket-file-added", number=ticket.number))


async def _close_offer(callback: CallbackQuery, text: str) -> None:
    """The offer's buttons go (a second press finds nothing), the outcome takes its place."""
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=None)
