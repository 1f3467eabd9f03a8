"""Confirms tickets whose author has not answered in time; both sides are told.

Restart-safe and exactly once: the due tickets are read from the database each run, each
is moved in its own transaction under the ticket's version lock, and the notifications
carry dedupe keys made from the event id. Only one process runs it (``exclusive_run``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.config import Settings
from bot.i18n import get_translator
from bot.views.notifier import work_context
from db.base import utcnow
from db.models import Ticket
from scheduler.leader import exclusive_run
from services.work import actions, confirmation

log = logging.getLogger(__name__)

JOB_NAME = "auto_confirm"


async def auto_confirm_due(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    now: datetime | None = None,
) -> int:
    """Confirm every overdue ticket; return how many were confirmed in this run."""
    now = now or utcnow()
    wait = timedelta(hours=settings.workflow.auto_confirm_hours)
    async with session_factory() as session, session.begin():
        ticket_ids = await confirmation.due_ticket_ids(session, now, wait)
    confirmed = 0
    for ticket_id in ticket_ids:
        try:
            confirmed += await _confirm_one(session_factory, settings, ticket_id, now, wait)
        except StaleDataError:
            log.info("ticket changed while auto-confirming", extra={"ticket_id": ticket_id})
    if confirmed:
        log.info("tickets auto-confirmed", extra={"count": confirmed})
    return confirmed


async def _confirm_one(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    ticket_id: int,
    now: datetime,
    wait: timedelta,
) -> int:
    async with (
        session_factory() as session,
        session.begin(),
        exclusive_run(session, JOB_NAME) as may_run,
    ):
        if not may_run:
            return 0
        ticket = await session.get(Ticket, ticket_id, with_for_update=True)
        if ticket is None:
            return 0
        work = work_context(session, get_translator(settings.company.locale), settings)
        return int(await actions.auto_confirm(work, ticket, now, wait))
