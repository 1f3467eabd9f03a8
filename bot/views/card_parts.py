"""What the ticket card is made of: the context it is drawn for and the parts it joins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aiogram.types import InlineKeyboardButton
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views.formatting import format_moment
from db.base import utcnow
from db.models import Person, Role, Ticket
from services.deadlines.display import deadline_status, norm_msg, ticket_norm
from services.deadlines.planner import planner_for

Rows = list[list[InlineKeyboardButton]]


@dataclass(frozen=True, slots=True)
class CardContext:
    """The card of ``ticket`` as ``viewer`` (with ``roles``) sees it."""

    session: AsyncSession
    i18n: Translator
    settings: Settings
    ticket: Ticket
    viewer: Person | None
    roles: frozenset[Role]
    # Fields left out wherever the card shows fields (a minimised group notice, 152-ФЗ).
    hidden_keys: frozenset[str] = frozenset()


@dataclass(slots=True)
class CardPart:
    """Lines (HTML: escape user text!) and rows of buttons that one feature adds."""

    lines: list[str] = field(default_factory=list)
    rows: Rows = field(default_factory=list)


def deadline_lines(
    i18n: Translator, settings: Settings, ticket: Ticket, now: datetime | None = None
) -> list[str]:
    """The ticket's deadlines as every place shows them (card, notices): the norm's deadline
    with its basis («норматив: 30 мин (ПП РФ № 416, п. 13)»), the stage's deadline and the
    time left or overdue."""
    planner = planner_for(settings.deadlines)
    tz = settings.company.tz
    lines: list[str] = []
    norm = ticket_norm(ticket, planner)
    if norm is not None:
        text = i18n.plain_msg(norm_msg(norm))
        if ticket.deadline_at is not None and ticket.closed_at is None:
            at = format_moment(ticket.deadline_at, tz)
            lines.append(i18n("ticket-card-norm-deadline", at=at, norm=text))
        else:
            lines.append(i18n("ticket-card-norm", norm=text))
    if ticket.stage_deadline_at is not None and ticket.closed_at is None:
        lines.append(i18n("ticket-card-deadline", at=format_moment(ticket.stage_deadline_at, tz)))
    status = deadline_status(ticket, now or utcnow(), planner)
    if status is not None:
        lines.append(i18n.msg(status))
    return lines
