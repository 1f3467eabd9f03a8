"""Managers change a ticket's field values after creation; each change is a FIELD_CHANGED event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import RequestContext, request_context, started_with
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import TicketCb
from bot.views.dialog_text import Tr, TrPlain
from bot.views.ticket_card import send_ticket_card
from db.models import MANAGING_ROLES, Ticket
from handlers.tickets.loading import start_dialog_under_card, visible_ticket
from services.deadlines.planner import planner_for
from services.fields import FieldDefinition, FieldType, ParseError, parse_value
from services.fields.values import FieldValue, is_empty
from services.tickets import rights
from services.tickets.definitions import field_set_of
from services.tickets.value_edits import change_value

_TYPED = frozenset(FieldType) - {FieldType.ATTACHMENTS}


class FieldEditSG(StatesGroup):
    pick = State()
    value = State()


def create_router() -> Router:
    router = Router(name="ticket-edit")
    staff = HasRole(*MANAGING_ROLES)
    router.callback_query.register(start_edit, TicketCb.filter(F.action == "edit"), staff)
    dialog = Dialog(
        Window(
            Tr("ticket-edit-pick"),
            Column(
                Select(Format("{item[1]}"), "f", lambda x: x[0], "fields", str, _on_pick),
            ),
            Cancel(TrPlain("btn-cancel")),
            state=FieldEditSG.pick,
            getter=_pick_getter,
        ),
        Window(
            Format("{body}"),
            Button(TrPlain("ticket-edit-btn-clear"), id="clear", on_click=_on_clear, when="clear"),
            SwitchTo(TrPlain("btn-back"), id="back", state=FieldEditSG.pick),
            MessageInput(_on_value),
            state=FieldEditSG.value,
            getter=_value_getter,
        ),
    )
    dialog.message.filter(staff)
    dialog.callback_query.filter(staff)
    router.include_router(dialog)
    return router


async def start_edit(
    callback: CallbackQuery,
    callback_data: TicketCb,
    ctx: RequestContext,
    dialog_manager: DialogManager,
) -> None:
    ticket = await visible_ticket(ctx, ticket_id=callback_data.ticket_id)
    if ticket is None or not rights.can_edit_fields(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await start_dialog_under_card(
        callback,
        dialog_manager,
        FieldEditSG.pick,
        ctx.card(ticket),
    )


async def _ticket(manager: DialogManager) -> Ticket | None:
    ctx = request_context(manager)
    ticket_id = int(started_with(manager, "ticket_id"))
    return await visible_ticket(ctx, ticket_id=ticket_id)


async def _pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ticket = await _ticket(dialog_manager)
    if ticket is None:
        return {"number": 0, "fields": []}
    fields = [f for f in field_set_of(ticket.field_set).active_fields if f.type in _TYPED]
    return {"number": ticket.number, "fields": [(f.key, f.label) for f in fields]}


async def _on_pick(_c: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    manager.dialog_data["key"] = key
    manager.dialog_data["error"] = None
    await manager.switch_to(FieldEditSG.value)


async def _value_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n: Translator = request_context(dialog_manager).i18n
    ticket = await _ticket(dialog_manager)
    field = (
        field_set_of(ticket.field_set).get(dialog_manager.dialog_data["key"]) if ticket else None
    )
    if field is None:
        return {"body": i18n("ticket-not-available-button"), "clear": False}
    lines = []
    error = dialog_manager.dialog_data.get("error")
    if error:
        lines.append(i18n("ticket-input-error", text=error))
    lines.append(i18n("ticket-edit-value", label=field.label))
    if field.choices:
        numbered = "; ".join(f"{i}. {label}" for i, label in enumerate(field.choices, start=1))
        lines.append(i18n("ticket-edit-choices", choices=numbered))
    assert ticket is not None
    return {"body": "\n".join(lines), "clear": _clearable(field, ticket)}


def _clearable(field: FieldDefinition, ticket: Ticket) -> bool:
    """An optional field with a value may be emptied («🧹 Очистить»)."""
    return not field.required and not is_empty(ticket.values.get(field.key))


async def _on_value(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    ctx = request_context(manager)
    ticket = await _ticket(manager)
    if ticket is None or ctx.person is None or not rights.can_edit_fields(ctx.roles):
        await manager.done()
        await message.answer(ctx.i18n("ticket-not-available-button"))
        return
    field = field_set_of(ticket.field_set)[manager.dialog_data["key"]]
    if message.text is None:
        manager.dialog_data["error"] = ctx.i18n.plain("ticket-error-need-text")
        return
    today = datetime.now(ctx.settings.company.tz).date()
    result = parse_value(field, message.text, tz=ctx.settings.company.tz, today=today)
    if isinstance(result, ParseError):
        if result.msg.key == "field-error-empty":  # the form's wording names «Пропустить»
            empty = "ticket-edit-empty-clear" if _clearable(field, ticket) else "ticket-edit-empty"
            manager.dialog_data["error"] = ctx.i18n.plain(empty)
        else:
            manager.dialog_data["error"] = ctx.i18n.plain_msg(result.msg)
        return
    await _store(manager, ticket, field, result.value, message.chat.id)


async def _on_clear(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    ticket = await _ticket(manager)
    if ticket is None or ctx.person is None or not rights.can_edit_fields(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        await manager.done()
        return
    field = field_set_of(ticket.field_set)[manager.dialog_data["key"]]
    if field.required:  # a forged press: a required field is never emptied
        await callback.answer(ctx.i18n.plain("ticket-cannot-skip"), show_alert=True)
        return
    await callback.answer()
    await _store(manager, ticket, field, None, callback.from_user.id)


async def _store(
    manager: DialogManager,
    ticket: Ticket,
    field: FieldDefinition,
    value: FieldValue | None,
    chat_id: int,
) -> None:
    ctx = request_context(manager)
    assert ctx.person is not None
    planner = planner_for(ctx.settings.deadlines)
    changed = await change_value(
        ctx.session, ticket, field.key, value, ctx.person.id, planner=planner
    )
    await manager.done()
    key = "ticket-edit-done" if changed else "ticket-edit-unchanged"
    header = ctx.i18n(key, number=ticket.number, label=field.label)
    await send_ticket_card(ctx.bot, chat_id, ctx.card(ticket), header=header)
