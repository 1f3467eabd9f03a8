"""Open tickets that a new one may repeat: the same address or the same phone.

Shown on the summary of the creation dialogue, before «Создать», so a dispatcher taking a
second call about one leak sees the first ticket. Every open ticket counts, whoever made it:
the number is what stops a duplicate. Whether the person may open one is ``rights.can_view``'s
rule (``visible``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Role, Ticket
from services.tickets import rights
from services.tickets.search_index import PHONE_TYPE, address_tokens, phone_key

# Open tickets holding every token of the address, read to compare their address fields.
MAX_CANDIDATES = 1000


@dataclass(frozen=True, slots=True)
class Duplicate:
    ticket_id: int
    number: int
    visible: bool  # the person may open it


@dataclass(frozen=True, slots=True)
class Duplicates:
    by_address: Sequence[Duplicate]  # newest first
    by_phone: Sequence[Duplicate]

    @property
    def all(self) -> list[Duplicate]:
        """Both lists as one, each ticket once, newest first."""
        unique = {d.ticket_id: d for d in [*self.by_address, *self.by_phone]}
        return sorted(unique.values(), key=lambda d: d.number, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_address or self.by_phone)


def phones_of(values: Mapping[str, Any], field_types: Mapping[str, str]) -> list[str]:
    """The phone numbers of the phone fields, as their last 10 digits."""
    found = (
        phone_key(value)
        for key, kind in field_types.items()
        if kind == PHONE_TYPE and isinstance(value := values.get(key), str)
    )
    return list(dict.fromkeys(phone for phone in found if phone is not None))


async def open_duplicates(
    session: AsyncSession,
    values: Mapping[str, Any],
    field_types: Mapping[str, str],
    address_fields: Sequence[str],
    *,
    person_id: int | None,
    roles: Iterable[Role],
) -> Duplicates:
    """Open tickets with the same address tokens as ``values`` (in order, without «ул», «д»,
    «кв»…) or one of the same phone numbers (compared by the last 10 digits)."""
    visible = rights.visible_clause(person_id, roles)
    address = address_tokens(values, address_fields)
    by_address: list[Duplicate] = []
    if address:
        # Candidates hold every token somewhere; their address fields then decide.
        has_tokens = and_(*(Ticket.search_text.like(f"% {token} %") for token in set(address)))
        query = _open(has_tokens, visible, Ticket.values).limit(MAX_CANDIDATES)
        for row in await session.execute(query):
            if address_tokens(row.values, address_fields) == address:
                by_address.append(Duplicate(row.id, row.number, bool(row.visible)))
    by_phone: list[Duplicate] = []
    phones = phones_of(values, field_types)
    if phones:
        same_phone = or_(*(Ticket.phone_digits.like(f"% {phone} %") for phone in phones))
        rows = await session.execute(_open(same_phone, visible).limit(MAX_CANDIDATES))
        by_phone = [Duplicate(row.id, row.number, bool(row.visible)) for row in rows]
    return Duplicates(by_address, by_phone)


def _open(condition: ColumnElement[bool], visible: ColumnElement[bool], *extra: Any) -> Select[Any]:
    return (
        select(Ticket.id, Ticket.number, visible.label("visible"), *extra)
        .where(Ticket.closed_at.is_(None), condition)
        .order_by(Ticket.number.desc())
    )
