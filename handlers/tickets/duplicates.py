"""The summary of a new ticket warns about open tickets at the same address or phone, with
buttons that open them as separate messages; the draft and its summary stay."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode

from bot.context import request_context
from bot.i18n import Translator
from bot.views.ticket_card import send_ticket_card
from handlers.tickets.draft import DraftContext
from handlers.tickets.loading import visible_ticket
from services.tickets.duplicates import Duplicate, open_duplicates

SHOWN = 5  # numbers listed per line; buttons as well


@dataclass(frozen=True, slots=True)
class DuplicateWarning:
    lines: list[str]
    buttons: list[tuple[int, str]]  # (ticket id, label) of the ones the person may open


async def duplicate_warning(manager: DialogManager, form: DraftContext) -> DuplicateWarning:
    ctx = request_context(manager)
    found = await open_duplicates(
        ctx.session,
        form.draft.values,
        {field.key: field.type.value for field in form.field_set},
        ctx.settings.tickets.address_fields,
        person_id=ctx.person.id if ctx.person else None,
        roles=ctx.roles,
    )
    if not found:
        return DuplicateWarning([], [])
    i18n = ctx.i18n
    address = [d.ticket_id for d in found.by_address]
    phone = [d.ticket_id for d in found.by_phone]
    if address == phone:
        lines = [_line(i18n, "both", found.by_address)]
    else:
        lines = [_line(i18n, "address", found.by_address)] if found.by_address else []
        lines += [_line(i18n, "phone", found.by_phone)] if found.by_phone else []
    openable = [d for d in found.all if d.visible][:SHOWN]
    buttons = [
        (d.ticket_id, i18n.plain("search-btn-open-duplicate", number=d.number)) for d in openable
    ]
    if buttons:
        lines.append(i18n("search-duplicates-hint"))
    return DuplicateWarning(lines, buttons)


def _line(i18n: Translator, by: str, tickets: Sequence[Duplicate]) -> str:
    numbers = ", ".join(
        i18n.plain("search-duplicates-number", number=d.number) for d in tickets[:SHOWN]
    )
    if len(tickets) > SHOWN:
        numbers = i18n.plain("search-duplicates-more", shown=numbers, more=len(tickets) - SHOWN)
    return i18n("search-duplicates", by=by, numbers=numbers)


async def on_open_duplicate(
    callback: CallbackQuery, _widget: Any, manager: DialogManager, ticket_id: int
) -> None:
    """The card as a new message; the summary is sent again under it, so «Создать» is at hand."""
    ctx = request_context(manager)
    ticket = await visible_ticket(ctx, ticket_id=int(ticket_id))
    if ticket is None:
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    await send_ticket_card(ctx.bot, callback.from_user.id, ctx.card(ticket))
    manager.show_mode = ShowMode.SEND
