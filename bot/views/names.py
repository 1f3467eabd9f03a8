"""Small text renderers shared by handlers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import Translator
from db.models import Role
from services.people import sorted_roles


def role_list(i18n: Translator, roles: Iterable[Role]) -> str:
    return ", ".join(i18n.plain(f"role-{role.value}") for role in sorted_roles(roles))


def username_or_dash(i18n: Translator, username: str | None) -> str:
    return f"@{username}" if username else i18n.plain("no-username")
