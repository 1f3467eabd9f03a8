"""«Создать заявку из сообщения»: a dispatcher forwards a resident's message (or pastes a long
one, or sends a contact) and gets the offer instead of «Я не понял»; pressing it starts the
ticket dialogue with the text as the description and the sender's name and phone filled in.
The message's words are kept in the person's FSM data, not in the button (64 bytes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    TelegramObject,
)
from aiogram_dialog import DialogManager, StartMode

from bot.context import RequestContext
from bot.views.callbacks import FromMessageCb
from db.models import Role
from handlers.tickets.draft import PREFILL, TicketSG
from handlers.tickets.loading import NoActiveDialogue
from services.fields.phone import normalize_phone
from services.tickets import rights
from services.tickets.fieldsets import current_fields
from services.tickets.from_message import Incoming, find_phone, is_long, prefill

OFFERS = "from_message_offers"
KEPT_OFFERS = 5  # older offers are forgotten (the person is told to forward again)


class MayCreate(Filter):
    async def __call__(self, event: TelegramObject, roles: frozenset[Role] = frozenset()) -> bool:
        return rights.can_create(roles)


class ResidentMessage(Filter):
    """Forwarded, a contact, or a long text (a resident's words pasted; a short number, phone
    or address typed alone stays a search)."""

    async def __call__(self, event: TelegramObject) -> bool:
        if not isinstance(event, Message):
            return False
        text = event.text or event.caption or ""
        if text.startswith("/"):
            return False
        if event.forward_origin is not None:
            return bool(text.strip()) or event.contact is not None
        if event.contact is not None:
            return True
        return is_long(text)


def create_router() -> Router:
    router = Router(name="ticket-from-message")
    router.message.filter(NoActiveDialogue(), MayCreate())
    router.message.register(offer, ResidentMessage())
    router.callback_query.register(start_from_offer, FromMessageCb.filter())
    return router


def incoming_of(message: Message) -> Incoming:
    text = (message.text or message.caption or "").strip()
    name = _sender_name(message)
    phone = find_phone(text)
    if message.contact is not None:
        contact = message.contact
        phone = normalize_phone(contact.phone_number) or phone
        name = name or " ".join(p for p in (contact.first_name, contact.last_name) if p)
    return Incoming(text, name or None, phone)


def _sender_name(message: Message) -> str | None:
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        user = origin.sender_user
        return " ".join(p for p in (user.first_name, user.last_name) if p)
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title
    return None


async def offer(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    incoming = incoming_of(message)
    data = await state.get_data()
    offers: dict[str, Any] = dict(data.get(OFFERS) or {})
    offers[str(message.message_id)] = incoming.as_dict()
    kept = sorted(offers, key=int)[-KEPT_OFFERS:]
    await state.update_data({OFFERS: {key: offers[key] for key in kept}})
    lines = [ctx.i18n("dispatch-offer")]
    if incoming.name:
        lines.append(ctx.i18n("dispatch-offer-name", name=incoming.name))
    if incoming.phone:
        lines.append(ctx.i18n("dispatch-offer-phone", phone=incoming.phone))
    button = InlineKeyboardButton(
        text=ctx.i18n.plain("dispatch-btn-create-from-message"),
        callback_data=FromMessageCb(key=message.message_id).pack(),
    )
    await message.answer(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
    )


async def start_from_offer(
    callback: CallbackQuery,
    callback_data: FromMessageCb,
    ctx: RequestContext,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    if not rights.can_create(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-create-no-rights"), show_alert=True)
        return
    data = await state.get_data()
    offers: dict[str, Any] = dict(data.get(OFFERS) or {})
    incoming = Incoming.from_dict(offers.pop(str(callback_data.key), None))
    if incoming is None:
        await callback.answer(ctx.i18n.plain("dispatch-offer-gone"), show_alert=True)
        return
    await state.update_data({OFFERS: offers})
    _row, field_set = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    tz = ctx.settings.company.tz
    values = prefill(field_set, incoming, tz=tz, today=datetime.now(tz).date())
    await callback.answer()
    await dialog_manager.start(TicketSG.field, data={PREFILL: values}, mode=StartMode.RESET_STACK)
