"""What a handler knows about the update it handles, in one typed object.

Built for every update (``bot.middlewares.context``) after the person and their roles were
read from the database; handlers take ``ctx: RequestContext``, dialogue getters and buttons
call ``request_context(manager)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views.card_parts import CardContext
from bot.views.notifier import work_context
from db.models import MANAGING_ROLES, Person, Role, Ticket
from services.audit import Actor
from services.work.notifications import WorkContext

CONTEXT_KEY = "ctx"


class NotStaffError(RuntimeError):
    """A handler meant for staff was reached by someone who is not: a routing mistake."""


@dataclass(frozen=True, slots=True)
class RequestContext:
    session: AsyncSession
    i18n: Translator
    settings: Settings
    # Who sent the update (None for a stranger) and their roles, read from the database.
    person: Person | None
    roles: frozenset[Role]
    bot: Bot

    @property
    def member(self) -> Person:
        """The sender, for handlers that only staff can reach (their routers filter on it)."""
        if self.person is None:
            raise NotStaffError("a staff-only handler was reached by a stranger")
        return self.person

    @property
    def actor(self) -> Actor:
        """The sender as the audit log names them (staff-only handlers, as ``member``)."""
        return Actor.person(self.member.id, self.roles)

    @property
    def manages(self) -> bool:
        return bool(MANAGING_ROLES & self.roles)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def work(self) -> WorkContext:
        """The workflow's use cases, speaking through the outbox."""
        return work_context(self.session, self.i18n, self.settings)

    def card(self, ticket: Ticket) -> CardContext:
        """The ticket card as this person sees it."""
        return CardContext(self.session, self.i18n, self.settings, ticket, self.person, self.roles)


def from_data(data: dict[str, Any]) -> RequestContext:
    return RequestContext(
        session=data["session"],
        i18n=data["i18n"],
        settings=data["settings"],
        person=data.get("person"),
        roles=data.get("roles", frozenset()),
        bot=data["bot"],
    )


def request_context(manager: DialogManager) -> RequestContext:
    """The context of the update a dialogue widget or getter is handling."""
    context: RequestContext = manager.middleware_data[CONTEXT_KEY]
    return context


def started_with(manager: DialogManager, key: str) -> Any:
    """A value the dialogue was started with (``manager.start(..., data={key: ...})``)."""
    data = manager.start_data
    return data.get(key) if isinstance(data, dict) else None
