"""The daily retention run (152-ФЗ): anonymise or remove what is past its period.

- closed tickets: personal-data values, files and texts anonymised (``anonymise``) once closed
  longer than ``closed_ticket_personal_data_days``; number, category, stages, times and
  outcome stay, so every report figure stays the same;
- staff uploads (the stored workbook) applied, cancelled or left unconfirmed longer than
  ``staff_upload_days``;
- abandoned drafts: the dialogue state (``fsm_records``, where a ticket being entered lives) of
  a chat untouched for ``draft_days``;
- failed outbox messages older than ``failed_outbox_days``, and delivered ones older than the
  tickets' period when it is shorter than the 90 days of the hourly housekeeping;
- rejected access requests older than ``rejected_access_request_days``;
- the audit log older than ``audit_log_days``.

Restart-safe: every batch commits on its own, together with its part of the destruction
record (акт), so a run cut short leaves consistent data and the next run goes on from there.
A run that finds nothing writes no act. The caller keeps it to one process at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import (
    AccessRequest,
    AccessRequestStatus,
    AuditEntry,
    FsmRecord,
    OutgoingMessage,
    Person,
    StaffUpload,
    Ticket,
)
from services.audit import SYSTEM, AuditAction, record
from services.audit.purge import purge_expired
from services.privacy.acts import SYSTEM_ACTOR, ActCategory, ActItem, ActKind, add_items, write_act
from services.privacy.anonymise import anonymise_tickets
from services.privacy.settings import RetentionSettings

BATCH = 2000
# Dialogue records of one chat share the key's first four parts: "fsm:<bot>:<chat>:<user>".
_CHAT_KEY_PARTS = 4


@dataclass(slots=True)
class RetentionResult:
    act_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


class _Run:
    """One run's act, created by the first batch that destroys something."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.result = RetentionResult()

    async def record(self, session: AsyncSession, items: list[ActItem]) -> None:
        for item in items:
            self.result.counts[item.category] = (
                self.result.counts.get(item.category, 0) + item.count
            )
        if self.result.act_id is None:
            self.result.act_id = await write_act(
                session, kind=ActKind.RETENTION, actor=SYSTEM_ACTOR, items=items, at=self.now
            )
        else:
            await add_items(session, self.result.act_id, items)


async def run_retention(
    session_factory: async_sessionmaker[AsyncSession],
    settings: RetentionSettings,
    *,
    now: datetime,
    batch: int = BATCH,
) -> RetentionResult:
    run = _Run(now)
    await _tickets(session_factory, run, now - settings.closed_ticket_personal_data, batch)
    async with session_factory() as session, session.begin():
        await run.record(
            session, await _staff_uploads(session, now - _days(settings.staff_upload_days))
        )
    async with session_factory() as session, session.begin():
        await run.record(session, await _drafts(session, now - _days(settings.draft_days)))
    async with session_factory() as session, session.begin():
        await run.record(
            session, await _failed_outbox(session, now - _days(settings.failed_outbox_days))
        )
    async with session_factory() as session, session.begin():
        cutoff = now - settings.closed_ticket_personal_data
        await run.record(session, await _sent_messages(session, cutoff))
    async with session_factory() as session, session.begin():
        cutoff = now - _days(settings.rejected_access_request_days)
        await run.record(session, await _access_requests(session, cutoff))
    async with session_factory() as session, session.begin():
        purged = await purge_expired(session, now - _days(settings.audit_log_days))
        await run.record(session, [ActItem(ActCategory.AUDIT_LOG, purged)])
    async with session_factory() as session, session.begin():
        counts = {key: value for key, value in run.result.counts.items() if value}
        details: dict[str, object] = {"counts": counts, "act_id": run.result.act_id}
        await record(session, SYSTEM, AuditAction.RETENTION_RUN, details=details)
    return run.result


def _days(days: int) -> timedelta:
    return timedelta(days=days)


async def _tickets(
    session_factory: async_sessionmaker[AsyncSession], run: _Run, cutoff: datetime, batch: int
) -> None:
    last_id = 0
    while True:
        async with session_factory() as session, session.begin():
            ids = list(
                await session.scalars(
                    select(Ticket.id)
                    .where(
                        Ticket.closed_at < cutoff,
                        Ticket.anonymised_at.is_(None),
                        Ticket.id > last_id,
                    )
                    .order_by(Ticket.id)
                    .limit(batch)
                )
            )
            if not ids:
                return
            last_id = ids[-1]
            counts = await anonymise_tickets(session, ids, now=run.now)
            details = {"fields": counts.fields, "texts": counts.texts}
            await run.record(
                session,
                [
                    ActItem(
                        ActCategory.TICKET_PERSONAL_DATA,
                        counts.tickets,
                        ticket_numbers=counts.numbers,
                        details=details,
                    ),
                    ActItem(
                        ActCategory.TICKET_FILES, counts.files, ticket_numbers=counts.file_numbers
                    ),
                ],
            )


async def _staff_uploads(session: AsyncSession, cutoff: datetime) -> list[ActItem]:
    finished = func.coalesce(
        StaffUpload.applied_at, StaffUpload.cancelled_at, StaffUpload.created_at
    )
    rows = (
        await session.execute(
            delete(StaffUpload)
            .where(finished < cutoff)
            .returning(StaffUpload.id, StaffUpload.uploaded_by_id)
        )
    ).all()
    return [
        ActItem(
            ActCategory.STAFF_UPLOADS,
            len(rows),
            person_ids=[row.uploaded_by_id for row in rows if row.uploaded_by_id is not None],
            details={"upload_ids": sorted(row.id for row in rows)},
        )
    ]


def _chat_of(key: str) -> str:
    return ":".join(key.split(":")[:_CHAT_KEY_PARTS])


def _telegram_user(chat_key: str) -> int | None:
    part = chat_key.rsplit(":", 1)[-1]
    return int(part) if part.lstrip("-").isdigit() else None


async def _drafts(session: AsyncSession, cutoff: datetime) -> list[ActItem]:
    """Dialogue state of chats where nothing happened since ``cutoff``: a chat's records go
    together, so a dialogue is never left half-forgotten."""
    rows = (await session.execute(select(FsmRecord.key, FsmRecord.updated_at))).all()
    newest: dict[str, datetime] = {}
    for key, updated_at in rows:
        chat = _chat_of(key)
        if chat not in newest or updated_at > newest[chat]:
            newest[chat] = updated_at
    stale = {chat for chat, at in newest.items() if at < cutoff}
    keys = [key for key, _ in rows if _chat_of(key) in stale]
    for start in range(0, len(keys), BATCH):
        await session.execute(
            delete(FsmRecord).where(FsmRecord.key.in_(keys[start : start + BATCH]))
        )
    users = {user for chat in stale if (user := _telegram_user(chat)) is not None}
    return [ActItem(ActCategory.DRAFTS, len(stale), person_ids=await _people_of(session, users))]


async def _people_of(session: AsyncSession, telegram_ids: set[int]) -> list[int]:
    if not telegram_ids:
        return []
    found = await session.scalars(
        select(Person.id).where(Person.telegram_id.in_(sorted(telegram_ids)))
    )
    return sorted(found)


async def _failed_outbox(session: AsyncSession, cutoff: datetime) -> list[ActItem]:
    return await _delete_messages(
        session, OutgoingMessage.failed_at < cutoff, ActCategory.FAILED_OUTBOX
    )


async def _delete_messages(
    session: AsyncSession, condition: Any, category: ActCategory
) -> list[ActItem]:
    chats = (
        await session.scalars(
            delete(OutgoingMessage).where(condition).returning(OutgoingMessage.chat_id)
        )
    ).all()
    people = await _people_of(session, set(chats))
    return [ActItem(category, len(chats), person_ids=people)]


async def _sent_messages(session: AsyncSession, cutoff: datetime) -> list[ActItem]:
    """Delivered messages (ticket cards, notices) are not linked to tickets; the hourly
    housekeeping deletes them after 90 days. A shorter ticket period takes them sooner: a
    message about a ticket was sent before the ticket closed, or soon after."""
    return await _delete_messages(
        session, OutgoingMessage.sent_at < cutoff, ActCategory.SENT_MESSAGES
    )


async def _access_requests(session: AsyncSession, cutoff: datetime) -> list[ActItem]:
    decided = func.coalesce(AccessRequest.decided_at, AccessRequest.created_at)
    rows = (
        await session.execute(
            delete(AccessRequest)
            .where(AccessRequest.status == AccessRequestStatus.REJECTED.value, decided < cutoff)
            .returning(AccessRequest.id, AccessRequest.person_id)
        )
    ).all()
    return [
        ActItem(
            ActCategory.ACCESS_REQUESTS,
            len(rows),
            person_ids=[row.person_id for row in rows if row.person_id is not None],
            details={"request_ids": sorted(row.id for row in rows)},
        )
    ]


async def last_run(session: AsyncSession) -> datetime | None:
    """When the retention job last ran (from the audit log)."""
    return await session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.action == AuditAction.RETENTION_RUN.value)
    )
