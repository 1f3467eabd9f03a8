"""What the ticket card is made of: the context it is drawn for and the parts it joins."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram.types import InlineKeyboardButton
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from db.models import Person, Role, Ticket

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


@dataclass(slots=True)
class CardPart:
    """Lines (HTML: escape user text!) and rows of buttons that one feature adds."""

    lines: list[str] = field(default_factory=list)
    rows: Rows = field(default_factory=list)
