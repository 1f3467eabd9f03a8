"""Approve an access request by linking the account to an existing staff record.

Started from the approval dialog ("Link to a staff record"): the admin types the start
of a surname, picks one of the active people without a Telegram account, and the request
is approved with that record once the admin confirms its roles (the record's own plus executor
are ticked to begin with).
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    ManagedMultiselect,
    Multiselect,
    Row,
    Select,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import request_context, started_with
from bot.views.callbacks import row_id
from bot.views.dialog_text import Tr, TrPlain
from bot.views.names import role_list
from db.models import ROLE_ORDER, Person, Role
from handlers.access.notices import tell_with_menu
from services import invitations, staff
from services.invitations import LinkOutcome
from services.staff import StaffFilter

_RESULTS = 10


class LinkSG(StatesGroup):
    search = State()
    roles = State()


async def start_link(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(LinkSG.search, data={"request_id": started_with(manager, "request_id")})


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    session: AsyncSession = request_context(dialog_manager).session
    surname = str(dialog_manager.dialog_data.get("surname", ""))
    rows: list[tuple[int, str]] = []
    if surname:
        flt = StaffFilter(surname=surname, linked=False, active=True)
        page = await staff.list_page(session, flt, 0, _RESULTS)
        rows = [(r.id, f"{r.full_name} — {r.position or '…'}") for r in page.rows]
    return {
        "id": int(started_with(dialog_manager, "request_id")),
        "surname": surname,
        "rows": rows,
        "searched": bool(surname),
        "nothing": bool(surname) and not rows,
    }


async def _on_surname(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["surname"] = (message.text or "").strip()[:100]
    manager.show_mode = ShowMode.SEND


async def _on_pick(
    callback: CallbackQuery, _w: Select[int], manager: DialogManager, item: int
) -> None:
    ctx = request_context(manager)
    if Role.ADMIN not in ctx.roles:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    person = await ctx.session.get(Person, int(item))
    if person is None or not person.is_active or person.telegram_id is not None:
        await callback.answer(ctx.i18n.plain("staff-invite-person-taken"), show_alert=True)
        return
    # The record's roles plus executor are offered; the admin confirms or changes them.
    selector: ManagedMultiselect[str] = manager.find("link_roles")  # type: ignore[assignment]
    await selector.reset_checked()
    for role in person.role_set | {Role.EXECUTOR}:
        await selector.set_checked(role.value, True)
    manager.dialog_data["person_id"] = person.id
    await callback.answer()
    await manager.switch_to(LinkSG.roles)


async def _roles_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    person = await ctx.session.get(Person, int(dialog_manager.dialog_data.get("person_id", 0)))
    return {
        "id": int(started_with(dialog_manager, "request_id")),
        "name": person.full_name if person else "",
        "roles": [(role.value, ctx.i18n.plain(f"role-{role.value}")) for role in ROLE_ORDER],
    }


async def _on_save(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    if Role.ADMIN not in ctx.roles:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    selector: ManagedMultiselect[str] = manager.find("link_roles")  # type: ignore[assignment]
    chosen = frozenset(Role(value) for value in selector.get_checked())
    if not chosen:
        await callback.answer(ctx.i18n.plain("access-choose-at-least-one"), show_alert=True)
        return
    request_id = int(started_with(manager, "request_id"))
    person_id = int(manager.dialog_data.get("person_id", 0))
    outcome, request, person = await invitations.link_request(
        ctx.session, request_id, person_id, ctx.member, chosen
    )
    if outcome is not LinkOutcome.LINKED or request is None or person is None:
        key = f"staff-invite-{outcome.value.replace('_', '-')}"
        await callback.answer(ctx.i18n.plain(key), show_alert=True)
        return
    await callback.answer()
    text = ctx.i18n("staff-link-user", name=person.full_name, roles=role_list(ctx.i18n, chosen))
    await tell_with_menu(ctx, request.telegram_id, text, chosen)
    await manager.reset_stack(remove_keyboard=False)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(
            ctx.i18n("staff-link-done", id=request_id, name=person.full_name)
        )


def create_link_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("staff-link-prompt"),
            Tr("staff-link-nothing", when="nothing"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="link_people",
                    item_id_getter=lambda item: item[0],
                    items="rows",
                    type_factory=row_id,
                    on_click=_on_pick,
                )
            ),
            MessageInput(_on_surname, content_types=[ContentType.TEXT]),
            Cancel(TrPlain("btn-back")),
            state=LinkSG.search,
            getter=_getter,
        ),
        Window(
            Tr("dayone-link-roles"),
            Column(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("⬜ {item[1]}"),
                    id="link_roles",
                    item_id_getter=lambda item: item[0],
                    items="roles",
                )
            ),
            Row(
                Button(TrPlain("btn-save"), id="link_save", on_click=_on_save),
                SwitchTo(TrPlain("btn-back"), id="link_back", state=LinkSG.search),
            ),
            state=LinkSG.roles,
            getter=_roles_getter,
        ),
    )
