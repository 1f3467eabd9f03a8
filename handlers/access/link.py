"""Approve an access request by linking the account to an existing staff record.

Started from the approval dialog ("Link to a staff record"): the admin types the start
of a surname, picks one of the active people without a Telegram account, and the request
is approved with that record (its roles kept, executor added).
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Select
from aiogram_dialog.widgets.text import Format
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import request_context, started_with
from bot.views.commands import apply_commands
from bot.views.dialog_text import Tr, TrPlain
from bot.views.names import role_list
from db.models import Role
from services import invitations, outbox, staff
from services.invitations import LinkOutcome
from services.staff import StaffFilter

_RESULTS = 10


class LinkSG(StatesGroup):
    search = State()


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
    request_id = int(started_with(manager, "request_id"))
    outcome, request, person = await invitations.link_request(
        ctx.session, request_id, int(item), ctx.member
    )
    if outcome is not LinkOutcome.LINKED or request is None or person is None:
        key = f"staff-invite-{outcome.value.replace('_', '-')}"
        await callback.answer(ctx.i18n.plain(key), show_alert=True)
        return
    await callback.answer()
    roles = person.role_set
    outbox.enqueue(
        ctx.session,
        request.telegram_id,
        ctx.i18n("staff-link-user", name=person.full_name, roles=role_list(ctx.i18n, roles)),
    )
    await apply_commands(ctx.bot, ctx.i18n, request.telegram_id, roles)
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
                    type_factory=int,
                    on_click=_on_pick,
                )
            ),
            MessageInput(_on_surname, content_types=[ContentType.TEXT]),
            Cancel(TrPlain("btn-back")),
            state=LinkSG.search,
            getter=_getter,
        ),
    )
