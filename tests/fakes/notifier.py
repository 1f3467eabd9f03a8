"""A notifier that only remembers what the workflow's use cases wanted to say (no Telegram)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from db.models import Person, Ticket, TicketOffer
from services.messages import Msg


@dataclass
class RecordingNotifier:
    said: list[tuple[str, Any]] = field(default_factory=list)

    async def tell(
        self,
        ticket: Ticket,
        person_ids: Iterable[int | None],
        message: Msg,
        key: str,
        *,
        with_card: bool = True,
    ) -> None:
        self.said.append(("tell", (ticket.id, list(person_ids), message.key)))

    async def brief(
        self, ticket: Ticket, person_ids: Iterable[int | None], message: Msg, key: str
    ) -> None:
        self.said.append(("brief", (ticket.id, list(person_ids), message.key)))

    async def ticket_taken(self, ticket: Ticket, taker: Person, key: str) -> None:
        self.said.append(("taken", (ticket.id, taker.id)))

    async def tell_managers(self, ticket: Ticket, message: Msg, key: str) -> None:
        self.said.append(("managers", (ticket.id, message.key)))

    async def ticket_refused(self, ticket: Ticket, refuser: Person, key: str) -> None:
        self.said.append(("refused", (ticket.id, refuser.id)))

    async def offer_to_pool(
        self,
        ticket: Ticket,
        offers: Sequence[TicketOffer],
        key: str,
        *,
        headline: Msg | None = None,
    ) -> None:
        self.said.append(("offer", (ticket.id, [o.person_id for o in offers])))

    async def offers_closed(
        self,
        ticket: Ticket,
        taker: Person,
        offers: Sequence[TicketOffer],
        except_id: int | None,
        *,
        assigned: bool = False,
    ) -> None:
        self.said.append(("closed", (ticket.id, taker.id)))

    async def send_report(self, ticket: Ticket, event_id: int, report: str) -> None:
        self.said.append(("report", (ticket.id, event_id)))

    async def ask_author(self, ticket: Ticket, message: Msg, key: str) -> None:
        self.said.append(("ask", (ticket.id, message.key)))
