"""Getters of the staff dialog: the list page, filter labels and the person card."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog import DialogManager

from bot.config import Settings
from bot.context import request_context
from bot.i18n import Translator
from bot.views.names import role_list
from db.models import ROLE_ORDER, Role
from services import staff
from services.staff import NO_ROLE, StaffFilter


class StaffSG(StatesGroup):
    list = State()
    search = State()
    filters = State()
    positions = State()
    roles_filter = State()
    card = State()
    roles = State()
    confirm_off = State()


FILTER_DEFAULTS: dict[str, Any] = {
    "surname": "",
    "position": "",
    "role": "",
    "linked": None,
    "active": True,
    "page": 0,
}


def current_filter(manager: DialogManager) -> StaffFilter:
    data = {**FILTER_DEFAULTS, **manager.dialog_data}
    return StaffFilter(
        surname=data["surname"],
        position=data["position"],
        role=data["role"],
        linked=data["linked"],
        active=data["active"],
    )


def _tristate(value: bool | None) -> str:
    return "all" if value is None else ("yes" if value else "no")


def _role_label(i18n: Translator, role: str) -> str:
    if role == NO_ROLE:
        return i18n.plain("staff-role-none")
    return i18n.plain(f"role-{role}") if role else i18n.plain("staff-filter-any")


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    settings: Settings = request_context(dialog_manager).settings
    flt = current_filter(dialog_manager)
    page = await staff.list_page(
        ctx.session, flt, int(dialog_manager.dialog_data.get("page", 0)), settings.staff.page_size
    )
    dialog_manager.dialog_data["page"] = page.page
    rows = [
        (
            row.id,
            f"{'' if row.active else '⛔ '}{row.full_name}"
            f"{' — ' + row.position if row.position else ''}{' 📱' if row.linked else ''}",
        )
        for row in page.rows
    ]
    return {
        **filter_labels(ctx.i18n, flt),
        "rows": rows,
        "total": page.total,
        "page": page.page + 1,
        "pages": page.pages,
        "has_prev": page.page > 0,
        "has_next": page.page + 1 < page.pages,
        "is_admin": Role.ADMIN in ctx.roles,
    }


def filter_labels(i18n: Translator, flt: StaffFilter) -> dict[str, Any]:
    return {
        "surname": flt.surname or "—",
        "position": flt.position or i18n.plain("staff-filter-any"),
        "role": _role_label(i18n, flt.role),
        "linked": _tristate(flt.linked),
        "active": _tristate(flt.active),
    }


async def filters_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    return filter_labels(ctx.i18n, current_filter(dialog_manager))


async def positions_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    found = await staff.positions(ctx.session)
    return {"positions": list(enumerate(found))}


async def role_filter_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    items = [(role.value, ctx.i18n.plain(f"role-{role.value}")) for role in ROLE_ORDER]
    items.append((NO_ROLE, ctx.i18n.plain("staff-role-none")))
    return {"role_items": items}


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    found = await staff.card(ctx.session, int(dialog_manager.dialog_data.get("person_id", 0)))
    if found is None:
        return {"found": False, "missing": True, "is_admin": False}
    person = found.person
    return {
        "found": True,
        "missing": False,
        "name": person.full_name,
        "position": person.position or "—",
        "phone": person.phone or "—",
        "person_roles": role_list(ctx.i18n, person.role_set) or ctx.i18n.plain("staff-role-none"),
        "linked": "yes" if person.telegram_id is not None else "no",
        "active": "yes" if person.is_active else "no",
        "available": "yes" if person.is_available else "no",
        "open_tickets": found.open_tickets,
        "is_admin": Role.ADMIN in ctx.roles,
        "can_deactivate": Role.ADMIN in ctx.roles and person.is_active,
        "can_reactivate": Role.ADMIN in ctx.roles and not person.is_active,
        "can_invite": Role.ADMIN in ctx.roles and person.is_active and person.telegram_id is None,
        "can_shift": person.is_active,
        "role_items": [(role.value, ctx.i18n.plain(f"role-{role.value}")) for role in ROLE_ORDER],
    }
