"""The daily retention run: idempotent, report figures unchanged, old records gone, new kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.models import (
    AccessRequest,
    AccessRequestStatus,
    AuditEntry,
    DestructionAct,
    DestructionActItem,
    FsmRecord,
    OutgoingMessage,
    StaffUpload,
    Ticket,
)
from scheduler.retention import run_personal_data_retention
from services.privacy.acts import ActCategory
from services.privacy.anonymise import PLACEHOLDER, AnonymisedCounts, anonymise_tickets
from services.privacy.retention import run_retention
from services.privacy.settings import RetentionSettings
from services.reports.compute import compute_report
from services.reports.period import dates_period
from tests.deadlines.helpers import make_world
from tests.reports.dataset import build
from tests.retention.helpers import NEEDLES, SECRETS, database_text, resident_ticket, ticket_values

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
SETTINGS = RetentionSettings(closed_ticket_personal_data_days=5)


async def test_two_runs_change_data_once_and_keep_the_monthly_report(database_url: str) -> None:
    world = await make_world(database_url)
    await build(world)  # the hand-computed report dataset: closed on 23 Nov
    old = await resident_ticket(world, datetime(2026, 11, 20, 8, tzinfo=UTC), close_at=None)
    await world.move(old, "closed", datetime(2026, 11, 24, 8, tzinfo=UTC))
    still_open = await resident_ticket(world, datetime(2026, 11, 25, 8, tzinfo=UTC), close_at=None)
    month = dates_period(date(2026, 11, 1), date(2026, 11, 30), MSK)
    async with world.factory() as session:
        before = await compute_report(session, month)

    first = await run_retention(world.factory, SETTINGS, now=NOW)
    assert first.act_id is not None
    assert first.counts[ActCategory.TICKET_PERSONAL_DATA] == 3  # A, B and the resident's
    assert first.counts[ActCategory.TICKET_FILES] == 1
    # The scheduled job (with its one-process lock) finds nothing more to do.
    second = await run_personal_data_retention(world.factory, SETTINGS)
    assert second is not None
    assert second.act_id is None
    assert not second.changed

    async with world.factory() as session:
        after = await compute_report(session, month)
        assert after == before
        assert await session.scalar(select(func.count()).select_from(DestructionAct)) == 1
        items = (await session.scalars(select(DestructionActItem))).all()
        numbers = {n for item in items for n in item.ticket_numbers}
        assert len(numbers) == 3
        runs = await session.scalar(
            select(func.count()).where(AuditEntry.action == "retention_run")
        )
        assert runs == 2
        old_values = await ticket_values(session, old)
        assert old_values["client"] == old_values["phone"] == PLACEHOLDER
        assert await ticket_values(session, still_open) == {
            **SECRETS,
            "subject": "Течёт кран",
            "category": "Электрика",
            "priority": "Обычная",
            "flat": "78",
            # the open ticket's history, files and texts keep everything
        }
    await world.engine.dispose()


async def test_old_personal_data_goes_everywhere_and_recent_stays(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    old = await resident_ticket(world, NOW - timedelta(days=30), close_at=NOW - timedelta(days=6))
    day = timedelta(days=1)
    async with world.factory() as session, session.begin():
        session.add_all(
            [
                StaffUpload(
                    filename="old.xlsx",
                    content=b"Secret",
                    created_at=NOW - 9 * day,
                    applied_at=NOW - 8 * day,
                ),
                StaffUpload(
                    filename="new.xlsx",
                    content=b"x",
                    created_at=NOW - 2 * day,
                    applied_at=NOW - 2 * day,
                ),
                FsmRecord(
                    key="fsm:1:501:501:aiogd:context:a", data={"draft": 1}, updated_at=NOW - 8 * day
                ),
                FsmRecord(key="fsm:1:501:501:aiogd:stack:", data={}, updated_at=NOW - 9 * day),
                FsmRecord(
                    key="fsm:1:601:601:aiogd:context:b", data={"draft": 2}, updated_at=NOW - 8 * day
                ),
                FsmRecord(key="fsm:1:601:601:aiogd:stack:", data={}, updated_at=NOW - 1 * day),
                OutgoingMessage(chat_id=501, text="old fail", failed_at=NOW - 31 * day),
                OutgoingMessage(chat_id=501, text="new fail", failed_at=NOW - 29 * day),
                OutgoingMessage(chat_id=501, text="sent 6 days ago", sent_at=NOW - 6 * day),
                OutgoingMessage(chat_id=501, text="sent 2 days ago", sent_at=NOW - 2 * day),
                AccessRequest(
                    telegram_id=9,
                    telegram_name="Old Rejected",
                    status=AccessRequestStatus.REJECTED.value,
                    decided_at=NOW - 91 * day,
                ),
                AccessRequest(
                    telegram_id=10,
                    telegram_name="New Rejected",
                    status=AccessRequestStatus.REJECTED.value,
                    decided_at=NOW - 89 * day,
                ),
                AccessRequest(
                    telegram_id=11, telegram_name="Old Pending", created_at=NOW - 200 * day
                ),
            ]
        )
    recent = await resident_ticket(world, NOW - 3 * day, close_at=NOW - 2 * day)

    result = await run_retention(world.factory, RetentionSettings(), now=NOW)
    assert result.counts[ActCategory.STAFF_UPLOADS] == 1
    assert result.counts[ActCategory.DRAFTS] == 1
    assert result.counts[ActCategory.FAILED_OUTBOX] == 1
    assert result.counts[ActCategory.ACCESS_REQUESTS] == 1

    async with world.factory() as session:
        assert list(await session.scalars(select(StaffUpload.filename))) == ["new.xlsx"]
        assert sorted(await session.scalars(select(FsmRecord.key))) == [
            "fsm:1:601:601:aiogd:context:b",
            "fsm:1:601:601:aiogd:stack:",
        ]
        assert sorted(await session.scalars(select(OutgoingMessage.text))) == [
            "new fail",
            "sent 2 days ago",
            "sent 6 days ago",
        ]
        assert sorted(await session.scalars(select(AccessRequest.telegram_name))) == [
            "New Rejected",
            "Old Pending",
        ]
        # The default period is three years: nothing of a ticket closed 6 days ago goes...
        assert (await ticket_values(session, old))["client"] == SECRETS["client"]

    # ... until it is older than the configured period; the recent ticket keeps everything.
    short = await run_retention(
        world.factory, RetentionSettings(closed_ticket_personal_data_days=5), now=NOW
    )
    # Delivered messages go with the tickets' period when it is shorter than 90 days.
    assert short.counts[ActCategory.SENT_MESSAGES] == 1
    async with world.factory() as session:
        assert sorted(await session.scalars(select(OutgoingMessage.text))) == [
            "new fail",
            "sent 2 days ago",
        ]
        assert (await ticket_values(session, old))["client"] == PLACEHOLDER
        assert (await ticket_values(session, recent))["client"] == SECRETS["client"]
        dump = await database_text(session)
    # Only the recent ticket holds the values now: one copy of the comment and the file.
    assert dump.count("Позвонить Секретовой") == 1
    for needle in NEEDLES:
        assert dump.count(needle) >= 1, needle
    async with world.factory() as session, session.begin():
        await anonymise_tickets(session, [recent], now=NOW)
    async with world.factory() as session:
        dump = await database_text(session)
    assert [needle for needle in NEEDLES if needle in dump] == []
    await world.engine.dispose()


async def test_a_run_cut_short_keeps_its_batches_and_the_next_one_finishes(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(sqlite_url)
    ids = []
    for day in (20, 21, 22):
        ticket_id = await world.create(at=datetime(2026, 11, day, 8, tzinfo=UTC), client="Иванов")
        await world.move(ticket_id, "closed", datetime(2026, 11, day, 12, tzinfo=UTC))
        ids.append(ticket_id)
    calls = 0

    async def failing_second_batch(*args: Any, **kwargs: Any) -> AnonymisedCounts:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the process died")
        return await anonymise_tickets(*args, **kwargs)

    monkeypatch.setattr("services.privacy.retention.anonymise_tickets", failing_second_batch)
    with pytest.raises(RuntimeError):
        await run_retention(world.factory, SETTINGS, now=NOW, batch=1)
    monkeypatch.undo()
    async with world.factory() as session:
        done = list(
            await session.scalars(select(Ticket.id).where(Ticket.anonymised_at.is_not(None)))
        )
        first_act = list(await session.scalars(select(DestructionActItem.ticket_numbers)))
    assert done == ids[:1]  # the first batch was committed with its act
    assert first_act == [[1]]

    await run_retention(world.factory, SETTINGS, now=NOW)
    async with world.factory() as session:
        left = await session.scalar(select(func.count()).where(Ticket.anonymised_at.is_(None)))
        acts = await session.scalar(select(func.count()).select_from(DestructionAct))
        numbers = [
            n
            for item in await session.scalars(
                select(DestructionActItem).where(
                    DestructionActItem.category == ActCategory.TICKET_PERSONAL_DATA.value
                )
            )
            for n in item.ticket_numbers
        ]
    assert left == 0
    assert acts == 2
    assert sorted(numbers) == [1, 2, 3]  # each ticket in one act, once
    await world.engine.dispose()
