"""Import of the executor list into the database: preview, stored upload, idempotent apply.

The upload is kept in ``StaffUpload`` between the preview and the admin's answer, so the
buttons keep working after a restart. Confirming re-reads the stored file and re-plans it
against the staff list as it is at that moment; the result must equal what the preview
showed (``plan_digest``), otherwise the preview is stale and nothing is written. The upload
is marked applied by a compare-and-set ``UPDATE``, so a second press (or a second admin, or
a redelivered update) finds it applied and changes nothing.

Only staff records with a position take part: people who came in through an access request
(or a config admin's own record) have none, never match a row, and are never offered for
deactivation as "missing from the file".
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Person, StaffUpload
from services import staff
from services.audit import Actor, AuditAction, record
from services.staff_import import (
    ExistingPerson,
    ImportPlan,
    ReadResult,
    plan_import,
    read_staff_workbook,
)
from services.staff_import.workbook import refusal_message, staff_limits
from services.xlsx_guard import UploadRefusedError, parse_upload

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int
    max_rows: int


@dataclass(frozen=True, slots=True)
class Preview:
    read: ReadResult
    plan: ImportPlan | None  # None when the file was refused (``read.file_error``)


class Outcome(enum.StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    ALREADY_APPLIED = "already_applied"
    CANCELLED = "cancelled"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class Applied:
    created: int = 0
    updated: int = 0
    deactivated: list[staff.Deactivated] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Confirmation:
    outcome: Outcome
    applied: Applied | None = None
    preview: Preview | None = None  # the fresh preview when the old one was stale


async def existing_people(session: AsyncSession) -> list[ExistingPerson]:
    rows = await session.execute(
        select(
            Person.id,
            Person.last_name,
            Person.first_name,
            Person.patronymic,
            Person.position,
            Person.phone,
            Person.telegram_username,
            Person.is_active,
        )
        .where(Person.position.is_not(None), Person.position != "")
        .order_by(Person.id)
    )
    return [ExistingPerson(*row) for row in rows]


async def preview(
    session: AsyncSession, data: bytes, filename: str | None, limits: Limits
) -> Preview:
    """Read the file and plan it against the database; writes nothing."""
    # Reading 10,000 rows takes seconds of CPU: in a worker process with a time and memory
    # limit (``xlsx_guard``), after the cheap checks that refuse a zip bomb at once.
    job = partial(
        read_staff_workbook, filename=filename, max_bytes=limits.max_bytes, max_rows=limits.max_rows
    )
    try:
        result = await parse_upload(job, data, filename, staff_limits(limits.max_bytes))
    except UploadRefusedError as refused:
        result = ReadResult(file_error=refusal_message(refused))
    if result.file_error is not None:
        return Preview(result, None)
    existing = await existing_people(session)
    plan = await asyncio.to_thread(plan_import, result.rows, existing, errors=result.errors)
    return Preview(result, plan)


def plan_digest(plan: ImportPlan) -> str:
    """A fingerprint of what applying ``plan`` would write."""
    parts: list[object] = [
        [(r.row, r.full_name, r.position, r.phone, r.telegram_username) for r in plan.to_create],
        [(u.person.id, u.row.row, u.changes) for u in plan.to_update],
        [m.person.id for m in plan.unchanged],
        [p.id for p in plan.missing],
        [e.row for e in plan.errors],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


async def store(
    session: AsyncSession, data: bytes, filename: str, plan: ImportPlan, uploader: Person | None
) -> StaffUpload:
    upload = StaffUpload(
        uploaded_by_id=uploader.id if uploader else None,
        filename=filename[:255],
        content=data,
        plan_digest=plan_digest(plan),
    )
    session.add(upload)
    await session.flush()
    return upload


async def confirm(
    session: AsyncSession,
    upload_id: int,
    limits: Limits,
    *,
    deactivate_missing: bool,
    actor: Actor,
) -> Confirmation:
    upload = await session.get(StaffUpload, upload_id)
    if upload is None:
        return Confirmation(Outcome.NOT_FOUND)
    if upload.applied_at is not None:
        return Confirmation(Outcome.ALREADY_APPLIED)
    if upload.cancelled_at is not None:
        return Confirmation(Outcome.CANCELLED)
    fresh = await preview(session, upload.content, upload.filename, limits)
    if fresh.plan is None or plan_digest(fresh.plan) != upload.plan_digest:
        return Confirmation(Outcome.STALE, preview=fresh)
    claimed = await session.execute(
        update(StaffUpload)
        .where(
            StaffUpload.id == upload_id,
            StaffUpload.applied_at.is_(None),
            StaffUpload.cancelled_at.is_(None),
        )
        .values(applied_at=utcnow())
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return Confirmation(Outcome.ALREADY_APPLIED)
    applied = await apply_plan(
        session, fresh.plan, deactivate_missing=deactivate_missing, actor=actor
    )
    return Confirmation(Outcome.DONE, applied)


async def cancel(session: AsyncSession, upload_id: int) -> Outcome:
    upload = await session.get(StaffUpload, upload_id)
    if upload is None:
        return Outcome.NOT_FOUND
    if upload.applied_at is not None:
        return Outcome.ALREADY_APPLIED
    if upload.cancelled_at is None:
        upload.cancelled_at = utcnow()
    return Outcome.DONE


async def apply_plan(
    session: AsyncSession, plan: ImportPlan, *, deactivate_missing: bool, actor: Actor
) -> Applied:
    """Write ``plan``: create, update, and optionally deactivate the missing people."""
    for row in plan.to_create:
        session.add(
            Person(
                last_name=row.last_name,
                first_name=row.first_name,
                patronymic=row.patronymic,
                position=row.position,
                phone=row.phone,
                telegram_username=row.telegram_username,
            )
        )
    people = await _load(session, [u.person.id for u in plan.to_update])
    for planned in plan.to_update:
        for name, value in planned.values().items():
            setattr(people[planned.person.id], name, value)
    deactivated: list[staff.Deactivated] = []
    if deactivate_missing and plan.missing:
        missing = await _load(session, [p.id for p in plan.missing])
        deactivated = await staff.deactivate_many(session, missing.values(), actor)
    await session.flush()
    applied = Applied(len(plan.to_create), len(plan.to_update), deactivated)
    details = {
        "created": applied.created,
        "updated": applied.updated,
        "deactivated": len(deactivated),
        "errors": len(plan.errors),
    }
    await record(session, actor, AuditAction.STAFF_IMPORTED, details=details)
    return applied


async def _load(session: AsyncSession, ids: Sequence[int]) -> dict[int, Person]:
    found: dict[int, Person] = {}
    for chunk in _chunks(ids):
        for person in await session.scalars(select(Person).where(Person.id.in_(chunk))):
            found[person.id] = person
    return found


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
