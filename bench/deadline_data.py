"""Data generator for the deadline and report benchmarks (PostgreSQL, generate_series).

Tickets are inserted by one INSERT ... SELECT each for tickets, stage visits and events, so
a million tickets with about four visits and four events each take well under a minute.
"""

from __future__ import annotations

import os

import asyncpg

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, PersonRole, Role
from services.tickets import definitions

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
EXECUTORS = 200
MANAGERS = 3

_TICKETS = """
INSERT INTO tickets (id, number, author_id, assignee_id, field_set_version_id,
    workflow_version_id, values, subject, category, priority, search_text, stage_key,
    stage_entered_at, stage_deadline_at, stage_warn_at, created_at, updated_at, closed_at,
    outcome, version)
SELECT g, g, $1, $2 + (g % $3), $4, $5, '{}'::json, 'ticket ' || g,
    (ARRAY['Электрика','Сантехника','Сеть','Уборка','Прочее'])[1 + g % 5],
    (ARRAY['Высокий','Средний','Низкий'])[1 + g % 3], '',
    CASE WHEN closed THEN 'closed' ELSE 'in_progress' END,
    CASE WHEN closed THEN c + work ELSE c + interval '30 minutes' END,
    CASE WHEN closed THEN NULL ELSE due END,
    CASE WHEN closed THEN NULL ELSE due - interval '1 hour' END,
    c, c, CASE WHEN closed THEN c + work END, CASE WHEN closed THEN 'done' END, 1
FROM (
    SELECT g, $6::timestamptz + (g::float8 / $7) * ($8::timestamptz - $6::timestamptz) AS c,
        (g % 100) >= $9 AS closed,
        interval '1 minute' * (120 + (g::bigint * 7919) % 600) AS work,
        CASE WHEN g % $10 = 0 THEN $11::timestamptz - interval '1 minute'
             ELSE $11::timestamptz + interval '1 day' END AS due
    FROM generate_series(1, $7) AS g
) AS s
"""

# Closed tickets: new 30 min, in_progress (work - 90 min), awaiting_confirmation 60 min,
# then the terminal visit. Open tickets: new 30 min, then in_progress still open.
_VISITS = """
INSERT INTO ticket_stage_visits (ticket_id, stage_key, assignee_id, entered_at, left_at,
    deadline_at, breached_at, calendar_seconds, working_seconds, paused_seconds)
SELECT t.id, v.stage_key, CASE WHEN v.stage_key = 'new' THEN NULL ELSE t.assignee_id END,
    v.entered, v.left_at, v.deadline, NULL,
    CAST(extract(epoch FROM v.left_at - v.entered) AS integer),
    CAST(extract(epoch FROM v.left_at - v.entered) AS integer) * 3 / 4, 0
FROM tickets t
CROSS JOIN LATERAL (VALUES
    ('new', t.created_at, t.created_at + interval '30 minutes', t.created_at + interval '1 hour'),
    ('in_progress', t.created_at + interval '30 minutes',
        CASE WHEN t.closed_at IS NOT NULL THEN t.closed_at - interval '60 minutes' END,
        t.created_at + interval '6 hours'),
    ('awaiting_confirmation', t.closed_at - interval '60 minutes', t.closed_at,
        t.closed_at + interval '23 hours'),
    ('closed', t.closed_at, t.closed_at, NULL)
) AS v(stage_key, entered, left_at, deadline)
WHERE v.entered IS NOT NULL
"""

_EVENTS = """
INSERT INTO ticket_events (ticket_id, kind, actor_id, at, from_stage, to_stage, text, data)
SELECT v.ticket_id, CASE WHEN v.stage_key = 'new' THEN 'created' ELSE 'stage_changed' END,
    NULL::integer, v.entered_at, NULL::text, v.stage_key, NULL::text, '{}'::json
FROM ticket_stage_visits v
UNION ALL
SELECT id, CASE WHEN id % 4 = 0 THEN 'auto_confirmed' ELSE 'confirmed' END, NULL, closed_at,
    NULL, NULL, NULL, '{}'::json
FROM tickets WHERE closed_at IS NOT NULL
UNION ALL
SELECT id, 'returned', NULL, closed_at - interval '2 hours', NULL, NULL, NULL, '{}'::json
FROM tickets WHERE closed_at IS NOT NULL AND id % 10 = 0
"""


async def fresh_database(name: str) -> str:
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"


_RESET = (
    "UPDATE tickets SET stage_breached_at = NULL, stage_warned_at = NULL"
    " WHERE stage_breached_at IS NOT NULL OR stage_warned_at IS NOT NULL",
    "UPDATE ticket_stage_visits SET breached_at = NULL WHERE breached_at IS NOT NULL",
    "DELETE FROM ticket_events WHERE kind IN ('deadline_breached', 'deadline_warned')",
    "DELETE FROM outgoing_messages",
    # As autovacuum would between sweeps: the cleared rows' old versions become free space.
    "VACUUM (ANALYZE) tickets, ticket_stage_visits, ticket_events",
)
# Processing times stored on closing (migration 0007 backfills the same way).
_PROCESSING = """
UPDATE tickets SET processing_calendar_seconds = s.cal, processing_working_seconds = s.work
FROM (
    SELECT ticket_id, SUM(calendar_seconds) AS cal, SUM(working_seconds) AS work
    FROM ticket_stage_visits WHERE paused_seconds = 0 GROUP BY ticket_id
) AS s
WHERE tickets.id = s.ticket_id AND tickets.closed_at IS NOT NULL
"""


async def reuse(name: str) -> str | None:
    """With BENCH_REUSE=1: the URL of an already generated ``name``, its flags cleared."""
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    if os.environ.get("BENCH_REUSE") != "1":
        return None
    engine = create_engine(url)
    await migrate.upgrade(engine)  # data generated before a newer migration
    await engine.dispose()
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        for statement in _RESET:
            await connection.execute(statement)
    finally:
        await connection.close()
    return url


async def generate(
    name: str, tickets: int, start: str, end: str, open_percent: int, due_every: int, now: str
) -> str:
    """Returns the SQLAlchemy URL of a database ``name`` holding ``tickets`` tickets."""
    reused = await reuse(name)
    if reused is not None:
        return reused
    url = await fresh_database(name)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        author = Person(last_name="Author", first_name="A")
        session.add(author)
        people = [
            Person(last_name=f"Executor{i}", first_name="E", telegram_id=10_000 + i)
            for i in range(EXECUTORS)
        ]
        managers = [
            Person(
                last_name=f"Manager{i}",
                first_name="M",
                telegram_id=20_000 + i,
                roles=[PersonRole(role=Role.MANAGER.value)],
            )
            for i in range(MANAGERS)
        ]
        session.add_all(people + managers)
        await session.flush()
        ids = author.id, people[0].id
        field_set = await definitions.current_field_set(session)
        workflow = await definitions.current_workflow(session)
        versions = field_set.id, workflow.id
    await engine.dispose()
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        await connection.execute(
            _TICKETS,
            ids[0],
            ids[1],
            EXECUTORS,
            *versions,
            _ts(start),
            tickets,
            _ts(end),
            open_percent,
            due_every,
            _ts(now),
        )
        await connection.execute(_VISITS)
        await connection.execute(_EVENTS)
        await connection.execute(_PROCESSING)
        await connection.execute("VACUUM (ANALYZE)")
    finally:
        await connection.close()
    return url


def _ts(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)
