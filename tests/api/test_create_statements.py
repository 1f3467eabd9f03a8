"""What one create through the API costs the database: a budget of statements, so that the
creation path does not slowly grow round trips back (bench/bench_api.py measures the time)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, func, select

from db.models import AuditEntry, Role, Ticket, TicketEvent, TicketStageVisit
from services.audit import AuditAction
from tests.api.helpers import VALUES, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser

# 33 before people read in the transaction were kept, the stage deadline went into the INSERT
# and the webhook endpoints were read once per transaction; 26 before the current field set,
# workflow and whether any endpoint is enabled were read with the key, a new ticket's
# attachments and earlier cards were taken from the session, and executors came with roles;
# 20 before the executor was chosen before the INSERT (no UPDATE of the ticket and its visit)
# and the key's person came with the key. 17 before the executor's notice, which shows the
# address, got its own audit entry: SQLite writes each audit entry alone; PostgreSQL batches
# it with the API call's entry (15 statements there, as before). 18 before the ticket's creation
# was audited once, under the key, and not a second time as the key's person.
BUDGET = 17


async def test_a_create_stays_within_its_statements_and_still_does_everything(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        await add_person(bot, 302, "Электриков", [Role.EXECUTOR])
        creator = await add_person(bot, None, "АТС", [Role.OPERATOR])
        key = await make_key(bot, creator)
        first = {"Idempotency-Key": "first"}
        status, body, _ = await api.call(
            "POST", "/api/v1/tickets", key, json={"values": VALUES}, headers=first
        )
        assert status == 201, body

        seen: list[tuple[str, str]] = []

        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            task = asyncio.current_task()  # the request's, or the outbox sender's meanwhile
            coroutine = task.get_coro() if task is not None else None
            seen.append((getattr(coroutine, "__qualname__", ""), statement))

        engine = bot.runtime.engine.sync_engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            status, body, _ = await api.call(
                "POST",
                "/api/v1/tickets",
                key,
                json={"values": VALUES},
                headers={"Idempotency-Key": "second"},
            )
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert status == 201, body
        assert body["number"] == 2
        # The request's own statements (aiohttp serves it in the connection's task).
        own = [
            statement
            for task, statement in seen
            if task.startswith("RequestHandler")
            and not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT"))
        ]
        assert own, seen
        assert len(own) <= BUDGET, "\n".join(own)
        # The ticket and its first stage visit are written with their assignee, and the
        # key's person (the card's author) came with the key: only the executors are read.
        assert not [
            s
            for s in own
            if s.startswith(("UPDATE tickets SET assignee_id", "UPDATE ticket_stage_visits"))
        ], own
        assert len([s for s in own if s.startswith("SELECT people")]) == 1, own

        # ... and it still did all of it: assigned round-robin, told through the outbox,
        # audited, the idempotency key settled.
        second = await FakeUser(fake_api, 302, "Э").expect("Вам назначена заявка")
        assert "№ 2" in second.text
        async with bot.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(Ticket)) == 2
            ticket = await session.scalar(select(Ticket).where(Ticket.number == 2))
            assert ticket is not None
            visits = list(
                await session.scalars(
                    select(TicketStageVisit).where(TicketStageVisit.ticket_id == ticket.id)
                )
            )
            assert [v.assignee_id for v in visits] == [ticket.assignee_id] != [None]
            kinds = await session.scalars(
                select(TicketEvent.kind)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(TicketEvent.id)
            )
            assert list(kinds) == ["created", "assigned"]
            # Audited once, under the key (its scopes as the roles), not as its person.
            created = await session.execute(
                select(AuditEntry.actor_kind, AuditEntry.actor_roles).where(
                    AuditEntry.ticket_number == 2,
                    AuditEntry.action == AuditAction.TICKET_CREATED.value,
                )
            )
            assert created.all() == [("api_key", "comment,create,read")]
        status, again, _ = await api.call(
            "POST",
            "/api/v1/tickets",
            key,
            json={"values": VALUES},
            headers={"Idempotency-Key": "second"},
        )
        assert (status, again["number"]) == (200, 2)
