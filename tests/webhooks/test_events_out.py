"""Outgoing webhooks over real HTTP: every event once, correctly signed, across a restart of
the service and an outage of the receiver; an endpoint that keeps failing is switched off and
the administrators are told."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import select

from db.models import Role, WebhookDelivery, WebhookEndpoint
from services.audit import SYSTEM
from services.webhooks import endpoints
from services.webhooks.events import EVENT_TYPES
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.webhooks.receiver import Receiver, signature_ok
from tests.work.helpers import add_person, create_ticket
from tests.work.test_lifecycle import _assign_and_accept, _finish

SECRET = "s3cret-for-the-test-receiver-0001"


async def _endpoint(bot: BotHarness, url: str, types: tuple[str, ...] = EVENT_TYPES) -> int:
    async with bot.session_factory() as session, session.begin():
        endpoint = await endpoints.create(
            session, SYSTEM, url=url, secret=SECRET, event_types=types
        )
        return endpoint.id


async def _deliveries(bot: BotHarness) -> list[WebhookDelivery]:
    async with bot.session_factory() as session:
        rows = await session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
        return list(rows)


async def _all_delivered(bot: BotHarness, timeout: float = 15.0) -> list[WebhookDelivery]:
    async with asyncio.timeout(timeout):
        while True:
            rows = await _deliveries(bot)
            if rows and all(row.delivered_at is not None for row in rows):
                return rows
            await asyncio.sleep(0.05)


def _check_signed_once(receiver: Receiver) -> None:
    for item in receiver.received:
        assert signature_ok(SECRET, item.raw, item.headers["X-Helpdesk-Signature"])
        assert item.headers["X-Helpdesk-Event-Id"] == item.body["id"]
        assert item.headers["X-Helpdesk-Event"] == item.body["type"]
        assert item.headers["Content-Type"] == "application/json"
    ids = Counter(item.body["id"] for item in receiver.received)
    assert all(count == 1 for count in ids.values()), ids


async def test_lifecycle_events_arrive_once_signed(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    receiver = Receiver()
    await receiver.start()
    try:
        await _endpoint(bot, receiver.url)
        executor, author, _ticket_id = await _assign_and_accept(fake_api, bot)
        await _finish(fake_api, executor, "Заменил автомат")
        report = await author.expect("Отчёт исполнителя")
        await author.press("👍 Подтвердить", report)
        await _all_delivered(bot)
        await receiver.wait_for(6)
    finally:
        await receiver.stop()
    _check_signed_once(receiver)
    assert receiver.types() == [
        "ticket.created",
        "ticket.assigned",
        "ticket.stage_changed",
        "ticket.stage_changed",
        "ticket.stage_changed",
        "ticket.closed",
    ]
    bodies = [item.body for item in receiver.received]
    assert {body["ticket"]["number"] for body in bodies} == {1}
    assert bodies[0]["ticket"] == {
        "number": 1,
        "stage": "new",
        "category": "Электрика",
        "assignee_id": None,
    }
    assert bodies[1]["ticket"]["assignee_id"] is not None
    assert [b["data"].get("from_stage") for b in bodies[2:5]] == [
        "new",
        "in_progress",
        "awaiting_confirmation",
    ]
    assert bodies[5]["ticket"]["stage"] == "closed"
    assert bodies[5]["data"]["outcome"] == "done"
    # No personal data: no field values at all (address, description, phone, names).
    raw = b"".join(item.raw for item in receiver.received).decode()
    for value in ("Ленина", "Нет света", "Электриков", "Иван"):
        assert value not in raw


async def test_outage_and_restart_deliver_each_event_once(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    receiver = Receiver()  # down: nothing listens on its port yet
    await _endpoint(bot, receiver.url, ("ticket.created",))
    author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
    for _ in range(3):
        await create_ticket(bot, author)
    async with asyncio.timeout(10):  # each delivery tried and failed at least once
        while True:
            if all(row.attempts >= 1 for row in await _deliveries(bot)):
                break
            await asyncio.sleep(0.05)
    rows = await _deliveries(bot)
    assert len(rows) == 3
    assert all(row.delivered_at is None and row.error == "no connection" for row in rows)
    admin = FakeUser(fake_api, ADMIN_ID, "Админ")
    await admin.send("/webhooks")
    await admin.press("✅ № 1", await admin.expect("Вебхуки"))
    await admin.press("📜 Журнал доставок", await admin.expect("Вебхук № 1"))
    log = await admin.expect("Журнал доставок вебхука № 1")
    assert log.text.count("⏳") == 3
    assert "ticket.created · № 3 · попыток: " in log.text
    assert "HTTP — · нет соединения" in log.text
    await bot.restart()
    await create_ticket(bot, author)
    await receiver.start()
    try:
        await _all_delivered(bot)
        await receiver.wait_for(4)
        await asyncio.sleep(0.3)  # nothing more comes
    finally:
        await receiver.stop()
    _check_signed_once(receiver)
    assert len(receiver.received) == 4
    assert sorted(item.body["ticket"]["number"] for item in receiver.received) == [1, 2, 3, 4]


async def test_failing_endpoint_is_disabled_and_admins_told(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    receiver = Receiver(status=410)
    await receiver.start()
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        webhooks={"disable_after_failures": 3},
    )
    bot = BotHarness(settings)
    await bot.start()
    try:
        endpoint_id = await _endpoint(bot, receiver.url, ("ticket.created",))
        author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
        for _ in range(3):
            await create_ticket(bot, author)
        admin = FakeUser(fake_api, ADMIN_ID, "Админ")
        told = await admin.expect("выключен")
        assert f"№ {endpoint_id}" in told.text
        assert "3" in told.text
        async with bot.session_factory() as session:
            endpoint = await session.get(WebhookEndpoint, endpoint_id)
            assert endpoint is not None
            assert (endpoint.enabled, endpoint.disabled_reason) == (False, "failures")
        rows = await _deliveries(bot)
        assert all(row.delivered_at is None and row.last_status == 410 for row in rows)
        # Switched off: nothing more is tried, whatever is still queued.
        attempts = sum(row.attempts for row in rows)
        await asyncio.sleep(1.5)
        assert sum(row.attempts for row in await _deliveries(bot)) == attempts
    finally:
        await bot.stop()
        await receiver.stop()


async def test_a_slow_receiver_holds_back_only_its_own_events(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    held = asyncio.Event()
    slow, fast = Receiver(hold=held), Receiver()
    await slow.start()
    await fast.start()
    try:
        await _endpoint(bot, slow.url, ("ticket.created",))
        await _endpoint(bot, fast.url, ("ticket.created",))
        author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
        await create_ticket(bot, author)
        await fast.wait_for(1)
        await slow.wait_held(1)

        # The slow receiver still holds the first POST: the fast one gets the next events now,
        # not after the slow one's timeout.
        await create_ticket(bot, author)
        await create_ticket(bot, author)
        await fast.wait_for(3, timeout=5)
        await asyncio.sleep(0.3)
        assert slow.waiting == 2  # at most two of one endpoint's deliveries in flight
        assert slow.received == []

        held.set()
        await slow.wait_for(3)
        await _all_delivered(bot)
    finally:
        await slow.stop()
        await fast.stop()
    for receiver in (slow, fast):
        _check_signed_once(receiver)
        assert sorted(item.body["ticket"]["number"] for item in receiver.received) == [1, 2, 3]
