"""The audit log is append-only in the database itself; only the retention purge deletes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from db import migrate
from db.base import utcnow
from db.engine import create_engine, create_session_factory
from db.models import AuditEntry, AuditPurgePermit, Person, PersonRole
from services.audit import SYSTEM, Actor, AuditAction, record, record_by_person_id
from services.audit.purge import purge_expired


async def test_entries_cannot_be_changed_and_only_the_purge_deletes(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    now = utcnow()
    try:
        async with factory() as session, session.begin():
            await record(session, Actor.person(1, ["admin"]), AuditAction.EXPORTED)
            await record(session, SYSTEM, AuditAction.RETENTION_RUN)
            await session.flush()
            old = AuditEntry(
                at=now - timedelta(days=4 * 365),
                actor_kind="system",
                actor_roles="",
                action="exported",
                result="ok",
                details={},
            )
            session.add(old)

        for statement in (
            update(AuditEntry).values(result="denied"),
            delete(AuditEntry),
            delete(AuditEntry).where(AuditEntry.at < now - timedelta(days=365)),
        ):
            async with factory() as session:
                with pytest.raises(DBAPIError, match="append-only"):
                    async with session.begin():
                        await session.execute(statement)

        async with factory() as session, session.begin():
            purged = await purge_expired(session, now - timedelta(days=3 * 365))
        assert purged == 1
        async with factory() as session:
            left = await session.scalar(select(func.count()).select_from(AuditEntry))
            permits = await session.scalar(select(func.count()).select_from(AuditPurgePermit))
            results = set(await session.scalars(select(AuditEntry.result)))
        assert (left, permits, results) == (2, 0, {"ok"})

        # After the purge the guard is back: a plain DELETE fails again.
        async with factory() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                async with session.begin():
                    await session.execute(delete(AuditEntry))
    finally:
        await engine.dispose()


async def test_roles_are_read_by_the_insert(database_url: str) -> None:
    """Entries written from the ticket history know only the person: the INSERT reads the
    roles they hold (sorted, comma-separated) on SQLite and PostgreSQL alike."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    try:
        async with factory() as session, session.begin():
            person = Person(last_name="Иванов", first_name="Иван")
            person.roles = [PersonRole(role="operator"), PersonRole(role="manager")]
            session.add(person)
            await session.flush()
            record_by_person_id(session, person.id, AuditAction.TICKET_CHANGED, ticket_number=7)
            record_by_person_id(session, None, AuditAction.TICKET_CHANGED, ticket_number=7)
        async with factory() as session:
            rows = (
                await session.execute(
                    select(AuditEntry.actor_kind, AuditEntry.actor_roles).order_by(AuditEntry.id)
                )
            ).all()
        assert [tuple(r) for r in rows] == [("person", "manager,operator"), ("system", "")]
    finally:
        await engine.dispose()
