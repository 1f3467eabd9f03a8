"""Retention over closed tickets past their period: one run of the daily job, timed.

Seeds N closed tickets (default 100,000), closed four years ago, each with the housing form's
personal data (name, phone, address, flat), four stage visits, four to six history events
(a comment with a phone on every second ticket, a phone edit on every fifth, a file on every
tenth with its attachment row), then runs the retention job once and prints its time and
tickets per second, and checks that the monthly report is the same before and after.

Run: .venv/bin/python bench/bench_retention.py [--tickets N] [--sqlite]
PostgreSQL (127.0.0.1:5432, user postgres) in a fresh database helpdesk_bench_retention, or
with --sqlite a file in a temporary directory. Target: < 60 s for 100,000 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_data import fresh_database
from sqlalchemy import func, insert, select

from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import (
    Person,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketStageVisit,
)
from services.privacy.retention import run_retention
from services.privacy.settings import RetentionSettings
from services.reports.compute import compute_report
from services.reports.period import dates_period
from services.tickets import definitions
from services.tickets.search_index import field_types, index_values

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
START = datetime(2022, 1, 1, 6, 0, tzinfo=UTC)  # closed about four years before NOW
CHUNK = 5000
STREETS = ("Садовая", "Ленина", "Мира", "Заводская", "Набережная", "Парковая")
NAMES = ("Иванова Мария Петровна", "Петров Сергей Иванович", "Смирнова Анна Олеговна")
CATEGORIES = ("Сантехника", "Электрика", "Лифт", "Отопление", "Уборка")
PRIORITIES = ("Плановая", "Обычная", "Срочная")


def _ticket(n: int, author_id: int, assignee_id: int, versions: tuple[int, int], types: Any):
    created = START + timedelta(minutes=5 * n)
    closed = created + timedelta(hours=5, minutes=n % 240)
    phone = f"+7 921 {n % 1000:03d}-{n // 1000 % 100:02d}-{n % 97:02d}"
    values = {
        "address": f"ул. {STREETS[n % len(STREETS)]}, д. {1 + n % 120}",
        "flat": str(1 + n % 300),
        "client": NAMES[n % len(NAMES)],
        "phone": phone,
        "category": CATEGORIES[n % len(CATEGORIES)],
        "priority": PRIORITIES[n % len(PRIORITIES)],
        "description": f"Течёт кран на кухне, заявка {n}",
    }
    index = index_values(values, types)
    ticket = {
        "id": n,
        "number": n,
        "author_id": author_id,
        "assignee_id": assignee_id,
        "field_set_version_id": versions[0],
        "workflow_version_id": versions[1],
        "values": values,
        "subject": values["description"],
        "category": values["category"],
        "priority": values["priority"],
        "search_text": index.search_text,
        "phone_digits": index.phone_digits,
        "stage_key": "closed",
        "stage_entered_at": closed,
        "created_at": created,
        "updated_at": closed,
        "closed_at": closed,
        "outcome": "done",
        "processing_calendar_seconds": int((closed - created).total_seconds()),
        "processing_working_seconds": int((closed - created).total_seconds()) * 3 // 4,
        "version": 1,
    }
    marks = (created, created + timedelta(minutes=30), closed - timedelta(hours=1), closed)
    stages = ("new", "in_progress", "awaiting_confirmation", "closed")
    visits = [
        {
            "ticket_id": n,
            "stage_key": stage,
            "assignee_id": None if stage == "new" else assignee_id,
            "entered_at": marks[i],
            "left_at": marks[min(i + 1, 3)],
            "deadline_at": None,
            "breached_at": None,
            "calendar_seconds": int((marks[min(i + 1, 3)] - marks[i]).total_seconds()),
            "working_seconds": int((marks[min(i + 1, 3)] - marks[i]).total_seconds()),
            "paused_seconds": 0,
        }
        for i, stage in enumerate(stages)
    ]
    events: list[dict[str, Any]] = [
        _event(n, "created" if i == 0 else "stage_changed", marks[i], to_stage=stage)
        for i, stage in enumerate(stages)
    ]
    events.append(_event(n, "confirmed", closed))
    if n % 2 == 0:
        events.append(_event(n, "comment", marks[1], text=f"Перезвонить по номеру {phone}"))
    if n % 5 == 0:
        data = {"key": "phone", "old": "+7 900 000-00-00", "new": phone}
        events.append(_event(n, "field_changed", marks[1], data=data))
    files = []
    if n % 10 == 0:
        events.append(_event(n, "attachment", marks[2], data={"kind": "photo", "name": None}))
        files.append(
            {
                "ticket_id": n,
                "event_id": None,
                "kind": "photo",
                "file_id": f"AgACAgIAAxkBAAI{n:08d}",
                "file_unique_id": f"AQAD{n:08d}",
                "name": f"kvartira-{n}.jpg",
                "size": 123_456,
                "uploaded_by_id": assignee_id,
                "at": marks[2],
            }
        )
    return ticket, visits, events, files


def _event(n: int, kind: str, at: datetime, **rest: Any) -> dict[str, Any]:
    return {
        "ticket_id": n,
        "kind": kind,
        "actor_id": None,
        "at": at,
        "from_stage": None,
        "to_stage": rest.get("to_stage"),
        "text": rest.get("text"),
        "data": rest.get("data", {}),
    }


async def seed(url: str, tickets: int) -> None:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        author = Person(last_name="Оператор", first_name="О")
        executor = Person(last_name="Исполнитель", first_name="И", telegram_id=10_001)
        session.add_all([author, executor])
        await session.flush()
        field_set = await definitions.current_field_set(session)
        workflow = await definitions.current_workflow(session)
        people = author.id, executor.id
        versions = field_set.id, workflow.id
        types = field_types(field_set.definition)
    for start in range(1, tickets + 1, CHUNK):
        rows: tuple[list[Any], list[Any], list[Any], list[Any]] = ([], [], [], [])
        for n in range(start, min(start + CHUNK, tickets + 1)):
            for bucket, part in zip(rows, _ticket(n, *people, versions, types), strict=True):
                if isinstance(part, dict):
                    bucket.append(part)
                else:
                    bucket.extend(part)
        async with factory() as session, session.begin():
            await session.execute(insert(Ticket.__table__), rows[0])
            await session.execute(insert(TicketStageVisit.__table__), rows[1])
            await session.execute(insert(TicketEvent.__table__), rows[2])
            if rows[3]:
                await session.execute(insert(TicketAttachment.__table__), rows[3])
    if url.startswith("postgresql"):
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM (ANALYZE)")
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=None)
    parser.add_argument("--sqlite", action="store_true", help="SQLite (default N 20,000)")
    args = parser.parse_args()
    tickets = args.tickets or (20_000 if args.sqlite else 100_000)
    if args.sqlite:
        folder = tempfile.mkdtemp(prefix="bench_retention_")
        url = f"sqlite+aiosqlite:///{folder}/helpdesk.sqlite3"
    else:
        url = await fresh_database("helpdesk_bench_retention")
    began = time.perf_counter()
    await seed(url, tickets)
    took = time.perf_counter() - began
    print(f"seeded {tickets:,} closed tickets in {took:.1f} s ({url.split(':')[0]})")

    engine = create_engine(url)
    factory = create_session_factory(engine)
    month = dates_period(date(2022, 3, 1), date(2022, 3, 31), ZoneInfo("Europe/Moscow"), "month")
    async with factory() as session:
        before = await compute_report(session, month)
    began = time.perf_counter()
    result = await run_retention(factory, RetentionSettings(), now=NOW)
    seconds = time.perf_counter() - began
    anonymised = result.counts.get("ticket_personal_data", 0)
    print(
        f"retention run: {anonymised:,} tickets anonymised, "
        f"{result.counts.get('ticket_files', 0):,} files, in {seconds:.1f} s "
        f"({anonymised / seconds:,.0f} tickets/s)"
    )
    began = time.perf_counter()
    again = await run_retention(factory, RetentionSettings(), now=NOW)
    print(f"second run: {sum(again.counts.values())} items, {time.perf_counter() - began:.2f} s")
    async with factory() as session:
        after = await compute_report(session, month)
        left = await session.scalar(
            select(func.count()).where(
                Ticket.anonymised_at.is_(None), Ticket.closed_at.is_not(None)
            )
        )
    print(f"monthly report unchanged: {after == before}; closed tickets not anonymised: {left}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
