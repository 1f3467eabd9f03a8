"""How the workflow's use cases tell people what happened, without knowing about Telegram.

The use cases call a :class:`WorkNotifier`; the bot implements it (``bot.views.notifier``)
by rendering the texts and the ticket card and writing them to the outbox in the same
transaction as the change. Every message carries a dedupe ``key``: telling the same person
twice about one event is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, TicketOffer
from services.deadlines.planning import DeadlinePlanner
from services.messages import Msg
from services.workflow.settings import WorkflowSettings


class WorkNotifier(Protocol):
    async def tell(
        self,
        ticket: Ticket,
        person_ids: Iterable[int | None],
        message: Msg,
        key: str,
        *,
        with_card: bool = True,
    ) -> None:
        """``message`` to each person (with the ticket card and their own buttons)."""

    async def brief(
        self, ticket: Ticket, person_ids: Iterable[int | None], message: Msg, key: str
    ) -> None:
        """``message`` as one line with an "open" button; earlier cards of the ticket sent
        to these people lose their buttons (they would act on a stale view)."""

    async def ticket_taken(self, ticket: Ticket, taker: Person, key: str) -> None:
        """The author hears who took their ticket into work."""

    async def ticket_refused(self, ticket: Ticket, refuser: Person, key: str) -> None:
        """The author hears that the executor gave their ticket back, and that another one
        is looked for."""

    async def tell_managers(self, ticket: Ticket, message: Msg, key: str) -> None:
        """The managers (and their group chat), with an "assign" button while open."""

    async def offer_to_pool(
        self,
        ticket: Ticket,
        offers: Sequence[TicketOffer],
        key: str,
        *,
        headline: Msg | None = None,
    ) -> None:
        """A "take" button to each person offered the ticket; ``headline``: what is said
        above the card (a new ticket unless told otherwise, e.g. one given back)."""

    async def offers_closed(
        self,
        ticket: Ticket,
        taker: Person,
        offers: Sequence[TicketOffer],
        except_id: int | None,
        *,
        assigned: bool = False,
    ) -> None:
        """The messages of the closed offers now say who took the ticket (``assigned``: a
        manager named them, and they have yet to accept)."""

    async def send_report(self, ticket: Ticket, event_id: int, report: str) -> None:
        """The completion report with its files to the author, to confirm or return."""

    async def ask_author(self, ticket: Ticket, message: Msg, key: str) -> None:
        """A question to the author, with a button to answer it."""


@dataclass(frozen=True, slots=True)
class WorkContext:
    """What every workflow use case needs: the transaction, the rules, the clock, a voice."""

    session: AsyncSession
    settings: WorkflowSettings
    planner: DeadlinePlanner
    notifier: WorkNotifier
