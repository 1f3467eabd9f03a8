"""Keyboards shared by several handlers."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.views.callbacks import AccessCb, MenuCb
from bot.views.names import role_list
from db.models import MANAGING_ROLES, Person, Role


@dataclass(frozen=True, slots=True)
class MenuItem:
    item: str
    label_key: str
    roles: frozenset[Role]
    # "admin": the admins' tools, behind one «🛡 Администрирование» entry of the main menu.
    group: str = "main"


# The main menu: each feature adds its entry here with the roles that may use it.
MENU_ITEMS: list[MenuItem] = [
    MenuItem("requests", "menu-requests", frozenset({Role.ADMIN})),
    MenuItem("upload_staff", "menu-staff-upload", frozenset({Role.ADMIN})),
    MenuItem("staff", "menu-staff", MANAGING_ROLES),
    MenuItem("shift", "menu-shift", frozenset({Role.EXECUTOR})),
    MenuItem("my_work", "menu-my-work", frozenset({Role.EXECUTOR})),
    MenuItem("queues", "menu-queues", MANAGING_ROLES),
    MenuItem("stages", "menu-stages", MANAGING_ROLES),
    MenuItem("new_ticket", "menu-new-ticket", frozenset({Role.OPERATOR})),
    MenuItem("my_tickets", "menu-my-tickets", frozenset({Role.OPERATOR})),
    MenuItem("find_ticket", "menu-find-ticket", frozenset(Role)),  # all who see tickets
    MenuItem("ticket_fields", "menu-ticket-fields", MANAGING_ROLES),
    MenuItem("reports", "menu-reports", MANAGING_ROLES),
    MenuItem("export", "menu-export", MANAGING_ROLES),
    MenuItem("webhooks", "menu-webhooks", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("board", "menu-board", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("api_keys", "api-menu", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("audit", "audit-menu", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("subject", "menu-subject", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("access_list", "privacy-menu-access-list", frozenset({Role.ADMIN}), group="admin"),
    MenuItem("retention", "retention-menu", frozenset({Role.ADMIN}), group="admin"),
]


ADMIN_TOOLS = "admin_tools"


def main_menu(
    i18n: Translator, roles: frozenset[Role], group: str = "main"
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for entry in MENU_ITEMS:
        if entry.group == group and entry.roles & roles:
            builder.button(text=i18n.plain(entry.label_key), callback_data=MenuCb(item=entry.item))
    if group == "main" and has_admin_tools(roles):
        builder.button(text=i18n.plain("menu-admin-tools"), callback_data=MenuCb(item=ADMIN_TOOLS))
    if group != "main":
        builder.button(text=i18n.plain("btn-menu"), callback_data=MenuCb(item="home"))
    builder.adjust(1)
    markup = builder.as_markup()
    return markup if markup.inline_keyboard else None


def has_admin_tools(roles: frozenset[Role]) -> bool:
    return any(entry.group == "admin" and entry.roles & roles for entry in MENU_ITEMS)


def menu_message(
    i18n: Translator, person: Person, roles: frozenset[Role]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The greeting with the person's roles and their main menu (text and keyboard)."""
    markup = main_menu(i18n, roles)
    text = i18n(
        "start-menu", name=person.first_name or person.full_name, roles=role_list(i18n, roles)
    )
    if markup is None:
        text = f"{text}\n{i18n('start-menu-empty')}"
    return text, markup


def after_ticket_created(i18n: Translator) -> InlineKeyboardMarkup:
    """The next step once a ticket is made: another one, or back to the menu."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.plain("dayone-btn-another-ticket"), callback_data=MenuCb(item="new_ticket")
    )
    builder.button(text=i18n.plain("btn-menu"), callback_data=MenuCb(item="home"))
    builder.adjust(2)
    return builder.as_markup()


def request_access(i18n: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.plain("start-request-button"), callback_data=AccessCb(action="request")
    )
    return builder.as_markup()


def access_decision(i18n: Translator, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.plain("access-approve-button"),
        callback_data=AccessCb(action="approve", request_id=request_id),
    )
    builder.button(
        text=i18n.plain("access-reject-button"),
        callback_data=AccessCb(action="reject", request_id=request_id),
    )
    builder.adjust(2)
    return builder.as_markup()
