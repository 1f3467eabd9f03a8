"""The deliveries' queue on SQLite and PostgreSQL: the sweep's warning and breach become
deliveries in its transaction, a rolled-back action queues nothing, only enabled endpoints
that want the type get a row, and a delivery is claimed by one sender at a time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.webhooks import verdict_of
from db.base import utcnow
from db.models import (
    ApiIdempotencyKey,
    ApiKey,
    PhoneCall,
    Ticket,
    WebhookDelivery,
    WebhookEndpoint,
)
from scheduler.deadlines import sweep_deadlines
from scheduler.retention import purge_old_records
from services.audit import SYSTEM
from services.deadlines.planner import planner_for
from services.sla import FixedClock
from services.tickets import definitions, lifecycle
from services.webhooks import delivery, endpoints
from services.webhooks.delivery import Outcome, Verdict
from tests.deadlines.helpers import MONDAY_10, World, make_world


async def _endpoint(world: World, types: tuple[str, ...], *, enabled: bool = True) -> int:
    async with world.factory() as session, session.begin():
        endpoint = await endpoints.create(
            session, SYSTEM, url="http://127.0.0.1:9/hook", secret="x" * 16, event_types=types
        )
        endpoint.enabled = enabled
        return endpoint.id


async def _rows(world: World) -> list[WebhookDelivery]:
    async with world.factory() as session:
        return list(await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


async def test_sweep_and_actions_queue_deliveries_in_their_transaction(database_url: str) -> None:
    world = await make_world(database_url)
    wanted = await _endpoint(world, ("ticket.created", "ticket.warning", "ticket.breached"))
    await _endpoint(world, ("ticket.warning",), enabled=False)
    await _endpoint(world, ("ticket.closed",))
    ticket_id = await world.create("Нет света в офисе 5")

    with pytest.raises(RolledBackError):  # an action rolled back queues nothing
        await _create_then_fail(world)

    clock = FixedClock(MONDAY_10 + timedelta(minutes=48))
    await sweep_deadlines(world.factory, world.settings, clock)
    clock.set(MONDAY_10 + timedelta(hours=1))
    await sweep_deadlines(world.factory, world.settings, clock)
    await sweep_deadlines(world.factory, world.settings, clock)  # nothing new

    rows = await _rows(world)
    assert [(r.endpoint_id, r.event_type, r.ticket_number) for r in rows] == [
        (wanted, "ticket.created", 1),
        (wanted, "ticket.warning", 1),
        (wanted, "ticket.breached", 1),
    ]
    assert len({r.event_id for r in rows}) == 3
    breach = json.loads(rows[2].body)
    async with world.factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
    assert breach == {
        "id": rows[2].event_id,
        "type": "ticket.breached",
        "occurred_at": clock.now().isoformat(),
        "ticket": {
            "number": 1,
            "stage": "new",
            "category": "Электрика",
            "assignee_id": ticket.assignee_id,
        },
        "data": {"scope": "stage"},
    }

    # Two senders claim the same due rows: each row goes to one of them.
    now = utcnow()
    async with world.factory() as session, session.begin():
        ids = await delivery.due(session, 10, now)
    assert ids == [r.id for r in rows]
    async with world.factory() as session, session.begin():
        first = await delivery.claim(session, ids, now, 10)
    async with world.factory() as session, session.begin():
        second = await delivery.claim(session, ids, now, 10)
    assert ([c.id for c in first], second) == (ids, [])
    async with world.factory() as session:
        assert await delivery.due(session, 10, now) == []
        # The lease outlasts the request's timeout, then frees the row.
        later = now + timedelta(seconds=10 + delivery.LEASE_EXTRA_SECONDS + 1)
        assert await delivery.due(session, 10, later) == ids
    await world.engine.dispose()


class RolledBackError(Exception):
    pass


async def _create_then_fail(world: World) -> None:
    async with world.factory() as session, session.begin():
        await _create_in(world, session)
        raise RolledBackError


async def _create_in(world: World, session: AsyncSession) -> None:
    await lifecycle.create_ticket(
        session,
        author_id=world.author_id,
        field_set=await definitions.current_field_set(session),
        workflow=await definitions.current_workflow(session),
        values={"subject": "Откатится", "category": "Электрика"},
        planner=planner_for(world.settings.deadlines),
    )
    await session.flush()  # the deliveries are written, then rolled back with the ticket


async def _claim_all(world: World, now: datetime) -> list[delivery.Claimed]:
    async with world.factory() as session, session.begin():
        return await delivery.claim(session, await delivery.due(session, 10, now), now, 10)


async def test_retries_follow_what_a_failure_proves(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    endpoint_id = await _endpoint(world, ("ticket.created",))
    await world.create("Первая")
    now = utcnow()
    record = partial(delivery.record, disable_after=100, max_backoff=300)

    # Nothing delivered (no connection, 4xx): retried with growing back-off, never given up.
    for attempt, wait in enumerate((1, 2, 4, 8), start=1):
        (item,) = await _claim_all(world, now)
        async with world.factory() as session, session.begin():
            await record(session, item, Outcome(Verdict.NOT_DELIVERED, 410, "HTTP 410"), now)
        (row,) = await _rows(world)
        assert (row.attempts, row.failed_at) == (attempt, None)
        assert row.next_attempt_at == now + timedelta(seconds=wait)
        now = row.next_attempt_at
    # 429 waits as long as the receiver asks.
    (item,) = await _claim_all(world, now)
    async with world.factory() as session, session.begin():
        await record(session, item, Outcome(Verdict.NOT_DELIVERED, 429, "HTTP 429", 42.0), now)
    (row,) = await _rows(world)
    assert row.next_attempt_at == now + timedelta(seconds=42)
    now = row.next_attempt_at
    # Uncertain (timeout, 5xx): three tries in all, then given up.
    for _ in range(3):
        (item,) = await _claim_all(world, now)
        async with world.factory() as session, session.begin():
            await record(session, item, Outcome(Verdict.AMBIGUOUS, 502, "HTTP 502"), now)
        now += timedelta(seconds=10)
    (row,) = await _rows(world)
    assert (row.ambiguous_failures, row.last_status) == (3, 502)
    assert row.failed_at is not None
    assert row.error == "gave up: HTTP 502"
    assert await _claim_all(world, now + timedelta(hours=1)) == []
    async with world.factory() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert (endpoint.consecutive_failures, endpoint.enabled) == (8, True)

    # A success resets the endpoint's count of failures in a row.
    await world.create("Вторая")
    (item,) = await _claim_all(world, now)
    async with world.factory() as session, session.begin():
        await record(session, item, Outcome(Verdict.DELIVERED, 204), now)
    async with world.factory() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert endpoint.consecutive_failures == 0
    await world.engine.dispose()


def test_status_codes_and_addresses() -> None:
    assert [verdict_of(code) for code in (200, 204, 301, 400, 408, 429, 500, 503)] == [
        Verdict.DELIVERED,
        Verdict.DELIVERED,
        Verdict.NOT_DELIVERED,
        Verdict.NOT_DELIVERED,
        Verdict.NOT_DELIVERED,
        Verdict.NOT_DELIVERED,
        Verdict.AMBIGUOUS,
        Verdict.AMBIGUOUS,
    ]
    good = ("https://crm.example.org/hooks/helpdesk?x=1", "http://10.0.0.5:8080/h")
    assert all(endpoints.valid_url(url) == url for url in good)
    bad = ("ftp://x.org/h", "https://", "http://a b.org/", "crm.example.org", "http://h:99999/")
    assert [endpoints.valid_url(url) for url in bad] == [None] * len(bad)
    assert endpoints.valid_secret("short") is None
    assert endpoints.valid_secret(endpoints.new_secret()) is not None


async def test_housekeeping_forgets_old_calls_idempotency_keys_and_finished_deliveries(
    sqlite_url: str,
) -> None:
    world = await make_world(sqlite_url)
    await _endpoint(world, ("ticket.created",))
    await world.create("Первая")
    await world.create("Вторая")
    long_ago = utcnow() - timedelta(days=31)
    async with world.factory() as session, session.begin():
        session.add_all(
            [
                PhoneCall(phone="+7 921 555-01-01", line="", told=1, created_at=long_ago),
                PhoneCall(phone="+7 921 555-01-02", line="", told=1),
            ]
        )
        old, pending = await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
        old.delivered_at = long_ago
        pending.next_attempt_at = long_ago  # still queued: kept, whatever its age
        key = ApiKey(name="crm", prefix="hdk_test", hash="0" * 64, scopes=["create"])
        session.add(key)
        await session.flush()
        session.add_all(
            [
                ApiIdempotencyKey(
                    api_key_id=key.id, key="old", request_hash="1" * 64, created_at=long_ago
                ),
                ApiIdempotencyKey(api_key_id=key.id, key="new", request_hash="2" * 64),
            ]
        )
    await purge_old_records(world.factory)
    async with world.factory() as session:
        assert [c.phone for c in await session.scalars(select(PhoneCall))] == ["+7 921 555-01-02"]
        assert [d.id for d in await session.scalars(select(WebhookDelivery))] == [pending.id]
        assert list(await session.scalars(select(ApiIdempotencyKey.key))) == ["new"]
    await world.engine.dispose()
