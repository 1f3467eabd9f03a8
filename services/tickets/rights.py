"""Who may create, see, comment on and edit tickets; roles come from the database each update."""

from __future__ import annotations

from collections.abc import Iterable

from db.models import MANAGING_ROLES, Role, Ticket


def can_create(roles: Iterable[Role]) -> bool:
    return Role.OPERATOR in set(roles)


def sees_all(roles: Iterable[Role]) -> bool:
    """Managers and admins see every ticket, search them and edit their fields afterwards."""
    return bool(MANAGING_ROLES & set(roles))


def can_view(ticket: Ticket, person_id: int | None, roles: Iterable[Role]) -> bool:
    """The author, the assignee, managers and admins."""
    role_set = frozenset(roles)
    if not role_set or person_id is None:
        return False
    if sees_all(role_set):
        return True
    return person_id in (ticket.author_id, ticket.assignee_id)


def can_comment(ticket: Ticket, person_id: int | None, roles: Iterable[Role]) -> bool:
    return can_view(ticket, person_id, roles)


def can_edit_fields(roles: Iterable[Role]) -> bool:
    """Changing a ticket's values after creation (recorded as FIELD_CHANGED)."""
    return sees_all(roles)


def can_configure_fields(roles: Iterable[Role]) -> bool:
    return sees_all(roles)
