"""Small text renderers shared by handlers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import Translator
from db.models import Person, Role
from services.people import sorted_roles


def role_list(i18n: Translator, roles: Iterable[Role]) -> str:
    return ", ".join(i18n.plain(f"role-{role.value}") for role in sorted_roles(roles))


def username_or_dash(i18n: Translator, username: str | None) -> str:
    return f"@{username}" if username else i18n.plain("no-username")


def short_name(person: Person) -> str:
    """«Фамилия И. О.»: how a colleague is named in a one-line notice."""
    initials = " ".join(f"{part[0]}." for part in (person.first_name, person.patronymic) if part)
    return " ".join(part for part in (person.last_name, initials) if part) or person.full_name
