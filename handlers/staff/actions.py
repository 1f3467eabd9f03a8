"""Button handlers of the staff dialog; every change re-checks the role from the database."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedMultiselect, Select

from bot.config import Settings
from bot.context import request_context
from bot.views.names import role_list
from bot.views.staff_notices import report_open_tickets
from db.models import MANAGING_ROLES, Person, Role
from handlers.access.invitations import send_all_links
from handlers.access.notices import tell_with_menu
from handlers.staff.getters import FILTER_DEFAULTS, StaffSG
from services import audit, invitations, staff, staff_export
from services.staff import Change

_CYCLE: dict[Any, Any] = {None: True, True: False, False: None}


async def _refuse_unless(callback: CallbackQuery, manager: DialogManager, *roles: Role) -> bool:
    """True (and an alert) when the sender lacks every one of ``roles`` now."""
    ctx = request_context(manager)
    if ctx.roles & set(roles):
        return False
    await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
    return True


async def on_start(_data: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(FILTER_DEFAULTS)


async def prev_page(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["page"] = int(manager.dialog_data.get("page", 0)) - 1


async def next_page(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["page"] = int(manager.dialog_data.get("page", 0)) + 1


async def open_card(_c: CallbackQuery, _w: Select[int], manager: DialogManager, item: int) -> None:
    manager.dialog_data["person_id"] = int(item)
    await manager.switch_to(StaffSG.card)


async def on_search(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["surname"] = (message.text or "").strip()[:100]
    manager.dialog_data["page"] = 0
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(StaffSG.list)


async def clear_search(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(surname="", page=0)
    await manager.switch_to(StaffSG.list)


async def cycle_linked(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["linked"] = _CYCLE[manager.dialog_data.get("linked")]
    manager.dialog_data["page"] = 0


async def cycle_active(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["active"] = _CYCLE[manager.dialog_data.get("active", True)]
    manager.dialog_data["page"] = 0


async def reset_filters(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(FILTER_DEFAULTS)


async def pick_position(
    _c: CallbackQuery, _w: Select[int], manager: DialogManager, item: int
) -> None:
    ctx = request_context(manager)
    found = await staff.positions(ctx.session)
    chosen = found[int(item)] if 0 <= int(item) < len(found) else ""
    manager.dialog_data.update(position=chosen, page=0)
    await manager.switch_to(StaffSG.filters)


async def any_position(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(position="", page=0)
    await manager.switch_to(StaffSG.filters)


async def pick_role(_c: CallbackQuery, _w: Select[str], manager: DialogManager, item: str) -> None:
    manager.dialog_data.update(role=item, page=0)
    await manager.switch_to(StaffSG.filters)


async def any_role(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(role="", page=0)
    await manager.switch_to(StaffSG.filters)


async def export(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    found = await staff.all_people(ctx.session)
    titles = [ctx.i18n.plain(f"staff-export-col-{n}") for n in ("roles", "status", "linked")]

    def extras(person: Person) -> list[str]:
        return [
            role_list(ctx.i18n, person.role_set),
            ctx.i18n.plain("staff-export-status", active="yes" if person.is_active else "no"),
            ctx.i18n.plain("staff-export-linked", linked="yes" if person.telegram_id else "no"),
        ]

    data = staff_export.staff_workbook(found, titles, extras, ctx.i18n.plain("staff-export-sheet"))
    await audit.record(
        ctx.session,
        ctx.actor,
        audit.AuditAction.EXPORTED,
        details={"what": "staff", "rows": len(found)},
    )
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer_document(
            BufferedInputFile(data, ctx.i18n.plain("staff-export-filename")),
            caption=ctx.i18n("staff-export-caption", count=len(found)),
        )
    manager.show_mode = ShowMode.SEND


async def invite_all(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    if await _refuse_unless(callback, manager, Role.ADMIN):
        return
    ctx = request_context(manager)
    ctx = request_context(manager)
    await callback.answer()
    if isinstance(callback.message, Message):
        await send_all_links(callback.message, ctx)
    manager.show_mode = ShowMode.SEND


async def invite_one(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    if await _refuse_unless(callback, manager, Role.ADMIN):
        return
    ctx = request_context(manager)
    settings: Settings = request_context(manager).settings
    bot: Bot = request_context(manager).bot
    person = await ctx.session.get(Person, int(manager.dialog_data.get("person_id", 0)))
    if person is None or not person.is_active or person.telegram_id is not None:
        await callback.answer(ctx.i18n.plain("staff-invite-not-needed"), show_alert=True)
        return
    days = settings.staff.invitation_days
    issued = await invitations.issue(ctx.session, person, request_context(manager).member, days)
    url = invitations.link_url((await bot.me()).username or "", issued.token)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("staff-invite-one", name=person.full_name, url=url, days=days)
        )
    manager.show_mode = ShowMode.SEND


async def open_roles(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    if await _refuse_unless(callback, manager, Role.ADMIN):
        return
    ctx = request_context(manager)
    person = await ctx.session.get(Person, int(manager.dialog_data.get("person_id", 0)))
    selector: ManagedMultiselect[str] = manager.find("person_roles")  # type: ignore[assignment]
    await selector.reset_checked()
    for role in person.role_set if person else ():
        await selector.set_checked(role.value, True)
    await manager.switch_to(StaffSG.roles)


async def save_roles(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    if await _refuse_unless(callback, manager, Role.ADMIN):
        return
    ctx = request_context(manager)
    selector: ManagedMultiselect[str] = manager.find("person_roles")  # type: ignore[assignment]
    chosen = frozenset(Role(value) for value in selector.get_checked())
    person_id = int(manager.dialog_data.get("person_id", 0))
    change = await staff.set_roles(ctx.session, person_id, chosen, request_context(manager).member)
    if change is Change.SELF:
        await callback.answer(ctx.i18n.plain("staff-roles-self"), show_alert=True)
        return
    person = await ctx.session.get(Person, person_id)
    if change is Change.DONE and person is not None and person.telegram_id is not None:
        # The person learns of the change at once, with the menu and commands of the new roles.
        if chosen:
            text = ctx.i18n("dayone-roles-changed", roles=role_list(ctx.i18n, chosen))
        else:
            text = ctx.i18n("dayone-roles-removed")
        await tell_with_menu(ctx, person.telegram_id, text, chosen)
    await callback.answer(ctx.i18n.plain("staff-saved"))
    await manager.switch_to(StaffSG.card)


async def deactivate(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _set_active(callback, manager, active=False)


async def reactivate(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _set_active(callback, manager, active=True)


async def _set_active(callback: CallbackQuery, manager: DialogManager, *, active: bool) -> None:
    if await _refuse_unless(callback, manager, Role.ADMIN):
        return
    ctx = request_context(manager)
    person_id = int(manager.dialog_data.get("person_id", 0))
    admin: Person = request_context(manager).member
    change, gone = await staff.set_active(ctx.session, person_id, active, admin)
    if change is Change.SELF:
        await callback.answer(ctx.i18n.plain("staff-deactivate-self"), show_alert=True)
        return
    if gone is not None:
        await report_open_tickets(ctx.session, ctx.i18n, [gone], ctx.settings.access.admins)
    key = "staff-deactivated" if not active else "staff-reactivated"
    await callback.answer(ctx.i18n.plain(key))
    await manager.switch_to(StaffSG.card)


async def toggle_shift(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    if await _refuse_unless(callback, manager, *MANAGING_ROLES):
        return
    ctx = request_context(manager)
    state = await staff.toggle_available(ctx.session, int(manager.dialog_data.get("person_id", 0)))
    if state is None:
        await callback.answer(ctx.i18n.plain("staff-not-found"), show_alert=True)
        return
    await callback.answer(ctx.i18n.plain("staff-shift-now", available="yes" if state else "no"))
