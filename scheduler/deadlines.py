"""The deadline sweep job: flag what is due and tell people, in one transaction per batch."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translator, get_translator
from bot.views.deadline_buttons import deadline_notice_markup
from db.models import WorkflowVersion
from scheduler.leader import exclusive_run
from services.deadlines import sweep
from services.deadlines.outbox_bulk import enqueue_many
from services.deadlines.recipients import Audiences, load_audiences
from services.sla import Clock, SystemClock, parse_duration
from services.tickets.definitions import workflow_of

log = logging.getLogger(__name__)

BATCH = 500
_TEXT_KEYS = {
    "warning": "deadline-warning",
    "breach": "deadline-breached",
    "ticket_breach": "deadline-ticket-breached",
    "escalation": "deadline-escalated",
}


@dataclass
class SweepCounts:
    warnings: int = 0
    breaches: int = 0
    ticket_breaches: int = 0
    escalations: int = 0
    messages: int = 0


async def sweep_deadlines(
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    clock: Clock | None = None,
    batch: int = BATCH,
) -> SweepCounts:
    """Run batches until nothing more is due (downtime backlogs come in several batches)."""
    clock = clock or SystemClock()
    total = SweepCounts()
    while True:
        async with (
            session_factory() as session,
            session.begin(),
            exclusive_run(session, "deadline-sweep") as may_run,
        ):
            if not may_run:
                return total
            due = await _sweep_once(session, settings, clock.now(), batch)
            total.messages += await _notify(session, settings, due)
        for item in due:
            setattr(total, _COUNTERS[item.kind], getattr(total, _COUNTERS[item.kind]) + 1)
        if due:
            log.info("deadline sweep flagged", extra={"flagged": len(due)})
        if len(due) < batch:
            return total


_COUNTERS = {
    "warning": "warnings",
    "breach": "breaches",
    "ticket_breach": "ticket_breaches",
    "escalation": "escalations",
}


async def _sweep_once(
    session: AsyncSession, settings: Settings, now: datetime, batch: int
) -> list[sweep.DueTicket]:
    # Breaches first: a stage that is already overdue gets no warning any more.
    due = await sweep.flag_breaches(session, now, batch)
    due += await sweep.flag_warnings(session, now, batch)
    due += await sweep.flag_ticket_breaches(session, now, batch)
    afters = [parse_duration(step.after) for step in settings.deadlines.escalation]
    due += await sweep.take_escalations(session, now, afters, batch)
    return due


async def _notify(session: AsyncSession, settings: Settings, due: Sequence[sweep.DueTicket]) -> int:
    if not due:
        return 0
    i18n = get_translator(settings.company.locale)
    audiences = await load_audiences(
        session,
        frozenset(settings.access.admins),
        settings.deadlines.managers_chat_id,
        (item.assignee_id for item in due),
    )
    stage_names = await _stage_names(session, {item.workflow_version_id for item in due})
    # Managers and admins may assign; the group chat is not a person, so it gets no buttons.
    assigners = set(audiences.managers) | set(audiences.admins)
    group = set(audiences.group) - assigners
    messages: list[tuple[int, str, str]] = []
    markups: list[dict[str, Any] | None] = []
    for item in due:
        text = _text(i18n, settings, item, audiences, stage_names)
        for chat_id in _chats(settings, item, audiences):
            messages.append((chat_id, text, _dedupe_key(item, chat_id)))
            markups.append(
                None
                if chat_id in group
                else deadline_notice_markup(
                    i18n, item.ticket_id, item.stage_key, may_assign=chat_id in assigners
                )
            )
    return await enqueue_many(session, messages, markups)


def _chats(settings: Settings, item: sweep.DueTicket, audiences: Audiences) -> list[int]:
    executor = audiences.executor_chat(item.assignee_id)
    if item.kind == "warning":
        chats = executor or audiences.managers
    elif item.kind == "escalation":
        step = settings.deadlines.escalation[item.step - 1]
        chats = audiences.of(step.notify, item.assignee_id)
    else:
        chats = executor + audiences.managers + audiences.group
    return list(dict.fromkeys(chats))


def _dedupe_key(item: sweep.DueTicket, chat_id: int) -> str:
    if item.kind == "warning":
        instant = item.deadline_at
    elif item.kind == "ticket_breach":
        instant = None
    else:
        instant = item.breached_at
    stamp = int(instant.timestamp()) if instant else 0
    return f"dl:{item.kind}:{item.ticket_id}:{stamp}:{item.step}:{chat_id}"


def _text(
    i18n: Translator,
    settings: Settings,
    item: sweep.DueTicket,
    audiences: Audiences,
    stage_names: dict[tuple[int, str], str],
) -> str:
    deadline = item.deadline_at.astimezone(settings.company.tz) if item.deadline_at else None
    return i18n(
        _TEXT_KEYS[item.kind],
        number=str(item.number),
        subject=item.subject,
        stage=stage_names.get((item.workflow_version_id, item.stage_key), item.stage_key),
        deadline=deadline.strftime("%d.%m.%Y %H:%M") if deadline else "",
        executor=audiences.executor_name(item.assignee_id) or i18n.plain("deadline-no-executor"),
        step=item.step,
    )


async def _stage_names(session: AsyncSession, version_ids: set[int]) -> dict[tuple[int, str], str]:
    rows = await session.scalars(select(WorkflowVersion).where(WorkflowVersion.id.in_(version_ids)))
    return {(row.id, stage.key): stage.name for row in rows for stage in workflow_of(row).stages}
