"""Audit entries for looking at personal data: a ticket card or a notice showing a
personal-data value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Ticket
from services.audit import Actor, AuditAction, entry_by_person_id, record
from services.privacy.fields import personal_data_keys

_SEEN = "audit_cards_seen"  # session.info: (viewer, ticket) pairs recorded in this transaction


def shown_personal_keys(ticket: Ticket) -> list[str]:
    """The personal-data fields of the ticket that hold a value (keys only)."""
    flagged = personal_data_keys(ticket.field_set.definition or [])
    values = ticket.values or {}
    return sorted(k for k in flagged if values.get(k) not in (None, "", [], {}))


async def card_viewed(
    session: AsyncSession, ticket: Ticket, viewer_id: int | None, roles: Iterable[str]
) -> None:
    """Record that ``viewer`` was shown the card, once per ticket and update, if it holds
    personal data (a card redrawn after a button press in the same update counts once)."""
    if viewer_id is None:
        return
    seen: set[tuple[int, int]] = session.info.setdefault(_SEEN, set())
    if (viewer_id, ticket.id) in seen:
        return
    keys = shown_personal_keys(ticket)
    if not keys:
        return
    seen.add((viewer_id, ticket.id))
    await record(
        session,
        Actor.person(viewer_id, roles),
        AuditAction.CARD_VIEWED,
        ticket_number=ticket.number,
        details={"fields": keys},
    )


async def card_refused(
    session: AsyncSession, number: int | None, viewer_id: int | None, roles: Iterable[str]
) -> None:
    """A person asked for a ticket they may not see (or one that does not exist)."""
    if viewer_id is None:
        return
    await record(
        session,
        Actor.person(viewer_id, roles),
        AuditAction.CARD_VIEWED,
        result="denied",
        ticket_number=number,
    )


def notice_sent(
    session: AsyncSession,
    ticket: Ticket,
    recipient_id: int | None,
    keys: Sequence[str],
    *,
    chat: str | None = None,
) -> None:
    """Record that a notice showing the personal-data fields ``keys`` went to ``recipient_id``
    (None: a group chat, named by ``chat``). Added to the session, written with the notice's
    own rows at the next flush."""
    if not keys:
        return
    details: dict[str, object] = {"fields": list(keys)}
    if chat is not None:
        details["chat"] = chat
    session.add(
        entry_by_person_id(
            recipient_id,
            AuditAction.NOTICE_SENT,
            ticket_number=ticket.number,
            details=details,
            session=session,
        )
    )
