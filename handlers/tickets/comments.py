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

from bot.config import Settings
from bot.filters import IsKnown
from bot.i18n import Translator
from bot.views.callbacks import TicketCb
from bot.views.dialog_text import Tr, TrPlain
from bot.views.long_text import shorten
from bot.views.ticket_card import CardContext
from db.models import Person, Role, Ticket
from handlers.tickets.create_steps import attachment_of
from handlers.tickets.loading import start_dialog_under_card, visible_ticket
from services import outbox
from services.fields import FieldDefinition, FieldType, ParseError, add_attachment
from services.fields.values import Attachment
from services.tickets import comments, rights

NOTIFY_TEXT_LIMIT = 2000  # Fluent refuses placeables over 2,500 characters


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
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
    dialog_manager: DialogManager,
) -> None:
    ticket = await visible_ticket(session, person, roles, ticket_id=callback_data.ticket_id)
    if ticket is None or person is None or not rights.can_comment(ticket, person.id, roles):
        await callback.answer(i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await start_dialog_under_card(
        callback,
        dialog_manager,
        CommentSG.input,
        CardContext(session, i18n, settings, ticket, person, roles),
    )


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    session: AsyncSession = dialog_manager.middleware_data["session"]
    ticket = await session.get(Ticket, int(dialog_manager.start_data["ticket_id"]))  # type: ignore[index]
    return {"number": ticket.number if ticket else 0}


async def on_comment(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    data = manager.middleware_data
    session: AsyncSession = data["session"]
    i18n: Translator = data["i18n"]
    person: Person | None = data.get("person")
    roles: frozenset[Role] = data.get("roles", frozenset())
    ticket_id = int(manager.start_data["ticket_id"])  # type: ignore[index]
    ticket = await visible_ticket(session, person, roles, ticket_id=ticket_id)
    if ticket is None or person is None:  # rights re-checked: they may have changed meanwhile
        await manager.done()
        await message.answer(i18n("ticket-not-available-button"))
        return
    attachment = attachment_of(message)
    if attachment is not None:
        problem = _file_problem(attachment)
        if problem is not None:
            await message.answer(i18n.msg(problem.msg))
            return
        await comments.add_attachment(session, ticket, person.id, attachment, message.caption)
        note = i18n("ticket-notify-file", number=ticket.number, name=person.full_name)
        answer_key = "ticket-file-added"
    elif message.text:
        await comments.add_comment(session, ticket, person.id, message.text)
        note = i18n(
            "ticket-notify-comment",
            number=ticket.number,
            name=person.full_name,
            text=shorten(message.text, NOTIFY_TEXT_LIMIT),
        )
        answer_key = "ticket-comment-added"
    else:
        await message.answer(i18n("ticket-comment-unsupported"))
        return
    await _notify(session, i18n, ticket, person.id, note)
    await manager.done()
    await message.answer(i18n(answer_key, number=ticket.number))


def _file_problem(attachment: Attachment) -> ParseError | None:
    # Only the size limit matters for a comment's file.
    probe = FieldDefinition(key="file", label="file", type=FieldType.ATTACHMENTS)
    result = add_attachment(probe, [], attachment)
    return result if isinstance(result, ParseError) else None


async def _notify(
    session: AsyncSession, i18n: Translator, ticket: Ticket, actor_id: int, text: str
) -> None:
    button = InlineKeyboardButton(
        text=i18n.plain("ticket-btn-open", number=ticket.number),
        callback_data=TicketCb(action="open", ticket_id=ticket.id).pack(),
    )
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]]).model_dump(exclude_none=True)
    targets = comments.other_side(ticket, actor_id)
    for chat_id in await comments.chat_ids(session, targets):
        outbox.enqueue(session, chat_id, text, markup)
