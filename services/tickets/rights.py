"""Who may create, see, comment on and edit tickets; roles come from the database each update."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from sqlalchemy import ColumnElement, false, or_, true

from db.models import MANAGING_ROLES, Role, Ticket
from services.messages import Msg

# The one answer for a ticket that does not exist and one the person may not see.
NOT_AVAILABLE: Final = Msg("ticket-not-available-button")


def can_create(roles: Iterable[Role]) -> bool:
    return Role.OPERATOR in set(roles)


def sees_all(roles: Iterable[Role]) -> bool:
    """Managers and admins see every ticket, search them and edit their fields afterwards."""
    return bool(MANAGING_ROLES & set(roles))


def may_see_tickets(roles: Iterable[Role]) -> bool:
    """Anyone with a role sees some tickets (at least their own), so may look for them."""
    return bool(frozenset(roles))


def can_view(ticket: Ticket, person_id: int | None, roles: Iterable[Role]) -> bool:
    """The author, the assignee, managers and admins."""
    role_set = frozenset(roles)
    if not may_see_tickets(role_set) or person_id is None:
        return False
    if sees_all(role_set):
        return True
    return person_id in (ticket.author_id, ticket.assignee_id)


def visible_clause(person_id: int | None, roles: Iterable[Role]) -> ColumnElement[bool]:
    """``can_view`` as a WHERE clause on ``tickets``, for lists and search (keep the two alike)."""
    role_set = frozenset(roles)
    if not may_see_tickets(role_set) or person_id is None:
        return false()
    if sees_all(role_set):
        return true()
    return or_(Ticket.author_id == person_id, Ticket.assignee_id == person_id)


def can_comment(ticket: Ticket, person_id: int | None, roles: Iterable[Role]) -> bool:
    return can_view(ticket, person_id, roles)


def can_edit_fields(roles: Iterable[Role]) -> bool:
    """Changing a ticket's values after creation (recorded as FIELD_CHANGED)."""
    return sees_all(roles)


def can_configure_fields(roles: Iterable[Role]) -> bool:
    return sees_all(roles)
