"""Creates through the API take their number at the end of their transaction: side by side
they still get unique, gap-free numbers, and everything that carries the number (the answer,
the audit log, webhook bodies, the executor's notice) carries the real one; a create that
fails after taking its number leaves no gap."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from bot.api import routes
from db.models import AuditEntry, Role, Ticket, WebhookDelivery
from services.audit import SYSTEM
from services.webhooks import endpoints
from tests.api.helpers import VALUES, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.webhooks.receiver import Receiver

CREATES = 12


async def test_side_by_side_creates_get_gap_free_numbers_everywhere(
    fake_api: FakeBotAPI, database_url: str
) -> None:
    # A receiver that answers: an endpoint that kept failing would be disabled midway (under
    # load, before the last creates) and their events never queued.
    receiver = Receiver()
    await receiver.start()
    try:
        async with running_api(fake_api, database_url) as (bot, api):
            await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
            creator = await add_person(bot, None, "АТС", [Role.OPERATOR])
            key = await make_key(bot, creator)
            async with bot.session_factory() as session, session.begin():
                await endpoints.create(
                    session,
                    SYSTEM,
                    url=receiver.url,
                    secret="s3cret-for-the-test-receiver-0001",
                    event_types=("ticket.created", "ticket.assigned"),
                )

            answers = await asyncio.gather(
                *(
                    api.call(
                        "POST",
                        "/api/v1/tickets",
                        key,
                        json={"values": VALUES},
                        headers={"Idempotency-Key": f"side-{index}"},
                    )
                    for index in range(CREATES)
                )
            )
            assert [status for status, _, _ in answers] == [201] * CREATES, answers
            told = sorted(body["number"] for _, body, _ in answers)
            assert told == list(range(1, CREATES + 1))

            async with bot.session_factory() as session:
                numbers = sorted(await session.scalars(select(Ticket.number)))
                audited = list(
                    await session.scalars(
                        select(AuditEntry.ticket_number).where(
                            AuditEntry.ticket_number.is_not(None)
                        )
                    )
                )
                deliveries = list(await session.scalars(select(WebhookDelivery)))
            assert numbers == told
            # Per ticket: its creation (the API's entry, under the key), its assignment (from
            # its history), and the notice with the address that its executor was sent.
            assert sorted(audited) == sorted(told * 3)
            assert sorted(row.ticket_number for row in deliveries) == sorted(told * 2)
            for row in deliveries:
                assert json.loads(row.body)["ticket"]["number"] == row.ticket_number

            executor = FakeUser(fake_api, 301, "С")
            notices = [await executor.expect("Вам назначена заявка") for _ in range(CREATES)]
            said = [re.search(r"№\s*(-?\d+)", notice.text) for notice in notices]
            assert sorted(int(found.group(1)) for found in said if found) == told
    finally:
        await receiver.stop()


async def test_a_create_failing_after_its_number_leaves_no_gap(
    fake_api: FakeBotAPI, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_api(fake_api, database_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        creator = await add_person(bot, None, "АТС", [Role.OPERATOR])
        key = await make_key(bot, creator)
        first = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert (first[0], first[1]["number"]) == (201, 1)

        real_route = routes.route_new

        async def failing(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("the executor could not be told")

        monkeypatch.setattr(routes, "route_new", failing)
        failed = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert failed[0] == 500
        monkeypatch.setattr(routes, "route_new", real_route)
        after = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert (after[0], after[1]["number"]) == (201, 2)
        async with bot.session_factory() as session:
            assert sorted(await session.scalars(select(Ticket.number))) == [1, 2]
            audited = set(
                await session.scalars(
                    select(AuditEntry.ticket_number).where(AuditEntry.ticket_number.is_not(None))
                )
            )
        assert audited == {1, 2}
