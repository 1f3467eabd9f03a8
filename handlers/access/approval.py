"""The admin's role choice when approving an access request (aiogram-dialog, survives restarts)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, ManagedMultiselect, Multiselect, Row
from aiogram_dialog.widgets.text import Format

from bot.context import RequestContext, request_context, started_with
from bot.views.dialog_text import Tr, TrPlain
from bot.views.names import role_list
from db.models import ROLE_ORDER, AccessRequest, Person, Role
from handlers.access.link import start_link
from handlers.access.notices import tell_with_menu
from services import access


class ApprovalSG(StatesGroup):
    roles = State()


async def _roles_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    request = await ctx.session.get(AccessRequest, started_with(dialog_manager, "request_id"))
    return {
        "id": request.id if request else 0,
        "name": request.telegram_name if request else "",
        "roles": [(role.value, ctx.i18n.plain(f"role-{role.value}")) for role in ROLE_ORDER],
    }


async def _on_save(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    # The dialog lives on across updates: re-check the admin role now, not when it opened.
    if Role.ADMIN not in ctx.roles:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    request_id = int(started_with(manager, "request_id"))
    selector: ManagedMultiselect[str] = manager.find("roles")  # type: ignore[assignment]
    chosen = frozenset(Role(value) for value in selector.get_checked())
    admin: Person = ctx.member
    decision = await access.approve(ctx.session, request_id, chosen, admin)
    if decision.outcome is access.DecisionOutcome.NO_ROLES:
        await callback.answer(ctx.i18n.plain("access-choose-at-least-one"), show_alert=True)
        return
    await callback.answer()
    await manager.done()
    if decision.outcome is access.DecisionOutcome.DONE and decision.person is not None:
        await _notify_approved(ctx, decision.person, chosen)
        text = ctx.i18n("access-approved-admin", id=request_id, roles=role_list(ctx.i18n, chosen))
    elif decision.outcome is access.DecisionOutcome.ALREADY_DECIDED:
        text = ctx.i18n("access-already-decided", id=request_id)
    else:
        text = ctx.i18n("access-not-found")
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text)


async def _notify_approved(ctx: RequestContext, person: Person, roles: frozenset[Role]) -> None:
    """Tell the new person (through the outbox) and give them their command list."""
    if person.telegram_id is None:
        return
    text = ctx.i18n("access-approved-user", roles=role_list(ctx.i18n, roles))
    await tell_with_menu(ctx, person.telegram_id, text, roles)


def create_approval_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("access-choose-roles"),
            Column(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("⬜ {item[1]}"),
                    id="roles",
                    item_id_getter=lambda item: item[0],
                    items="roles",
                )
            ),
            Row(
                Button(TrPlain("btn-save"), id="save", on_click=_on_save),
                Cancel(TrPlain("btn-cancel")),
            ),
            # Instead of a new person: link the account to an imported staff record.
            Button(TrPlain("staff-link-button"), id="link", on_click=start_link),
            state=ApprovalSG.roles,
            getter=_roles_getter,
        ),
    )
