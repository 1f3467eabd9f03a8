"""Destruction records (акты): what was anonymised or removed, when, by whom, how much.

Each retention run that changed something, and each erasure, writes one act; its items say
per category how many items went and which tickets (numbers) and people (ids) they were of.
A run that changed nothing writes none. Acts hold no personal-data value.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import DestructionAct, DestructionActItem
from services.xlsx_cells import safe_row, text_cell


class ActKind(enum.StrEnum):
    RETENTION = "retention"
    ERASURE = "erasure"


class ActCategory(enum.StrEnum):
    """What was destroyed; the labels are in the retention locale (``retention-category-*``)."""

    TICKET_PERSONAL_DATA = "ticket_personal_data"  # values and texts replaced in tickets
    TICKET_FILES = "ticket_files"  # files of tickets forgotten
    STAFF_UPLOADS = "staff_uploads"  # uploaded staff workbooks deleted
    DRAFTS = "drafts"  # abandoned dialogue state (ticket drafts) deleted
    FAILED_OUTBOX = "failed_outbox"  # messages that could not be delivered, deleted
    SENT_MESSAGES = "sent_messages"  # delivered messages older than the tickets' period
    ACCESS_REQUESTS = "access_requests"  # rejected access requests deleted
    AUDIT_LOG = "audit_log"  # audit entries past their period deleted
    PERSON = "person"  # a person's own record (erasure)
    CALLS = "calls"  # telephony calls from a resident's number (erasure)


SYSTEM_ACTOR = "system"


def person_actor(person_id: int) -> str:
    return f"person:{person_id}"


@dataclass(frozen=True, slots=True)
class ActItem:
    category: str
    count: int
    ticket_numbers: Sequence[int] = ()
    person_ids: Sequence[int] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


async def write_act(
    session: AsyncSession,
    *,
    kind: str,
    actor: str,
    items: Iterable[ActItem],
    at: datetime | None = None,
) -> int | None:
    """Write an act with the items that counted something; ``None`` (nothing written) when
    none did. In the caller's transaction, with the changes it records."""
    counted = [item for item in items if item.count]
    if not counted:
        return None
    act = DestructionAct(kind=str(kind), actor=actor, at=at or utcnow())
    session.add(act)
    await session.flush()
    await add_items(session, act.id, counted)
    return act.id


async def add_items(session: AsyncSession, act_id: int, items: Iterable[ActItem]) -> None:
    """More items of an act (a long run adds them batch by batch, with each batch's changes)."""
    session.add_all(
        DestructionActItem(
            act_id=act_id,
            category=str(item.category),
            count=item.count,
            ticket_numbers=sorted(set(item.ticket_numbers)),
            person_ids=sorted(set(item.person_ids)),
            details=dict(item.details),
        )
        for item in items
        if item.count
    )
    await session.flush()


@dataclass(slots=True)
class ActSummary:
    """An act with its items merged by category (a long run writes several per category)."""

    id: int
    at: datetime
    kind: str
    actor: str
    counts: dict[str, int] = field(default_factory=dict)
    ticket_numbers: dict[str, list[int]] = field(default_factory=dict)
    person_ids: dict[str, list[int]] = field(default_factory=dict)


async def recent_acts(session: AsyncSession, limit: int = 1000) -> list[ActSummary]:
    """The latest acts, newest first."""
    acts = (
        await session.scalars(
            select(DestructionAct)
            .order_by(DestructionAct.at.desc(), DestructionAct.id.desc())
            .limit(limit)
        )
    ).all()
    summaries = {act.id: ActSummary(act.id, act.at, act.kind, act.actor) for act in acts}
    if not summaries:
        return []
    items = await session.scalars(
        select(DestructionActItem)
        .where(DestructionActItem.act_id.in_(list(summaries)))
        .order_by(DestructionActItem.id)
    )
    for item in items:
        summary = summaries[item.act_id]
        summary.counts[item.category] = summary.counts.get(item.category, 0) + item.count
        summary.ticket_numbers.setdefault(item.category, []).extend(item.ticket_numbers or [])
        summary.person_ids.setdefault(item.category, []).extend(item.person_ids or [])
    return list(summaries.values())


async def last_act(session: AsyncSession, kind: str) -> DestructionAct | None:
    return await session.scalar(
        select(DestructionAct)
        .where(DestructionAct.kind == str(kind))
        .order_by(DestructionAct.at.desc(), DestructionAct.id.desc())
        .limit(1)
    )


@dataclass(frozen=True, slots=True)
class ActsSheets:
    """Translated titles of the acts workbook (the caller's language)."""

    acts_title: str
    acts_columns: Sequence[str]  # act, date, kind, actor, category, count, people
    tickets_title: str
    tickets_columns: Sequence[str]  # act, date, category, ticket number


def acts_workbook(
    acts: Sequence[ActSummary],
    sheets: ActsSheets,
    *,
    label: Callable[[str], str],
    moment: Callable[[datetime], str],
) -> bytes:
    """Sheet one: a row per act and category (date, kind, who, what, how many, which people);
    sheet two: a row per ticket number (a run may name 100,000, more than a cell holds).
    ``label`` names kinds, actors and categories; ``moment`` formats a date."""
    book = Workbook(write_only=True)
    main = book.create_sheet(sheets.acts_title[:31])
    for column, width in zip("ABCDEFG", (8, 18, 14, 14, 36, 10, 40), strict=True):
        main.column_dimensions[column].width = width
    main.append(_header(main, sheets.acts_columns))
    numbers = book.create_sheet(sheets.tickets_title[:31])
    for column, width in zip("ABCD", (8, 18, 36, 14), strict=True):
        numbers.column_dimensions[column].width = width
    numbers.append(_header(numbers, sheets.tickets_columns))
    for act in acts:
        when = moment(act.at)
        for category, count in act.counts.items():
            people = ", ".join(str(i) for i in sorted(set(act.person_ids.get(category, []))))
            row = [act.id, when, label(f"kind-{act.kind}"), _actor(act.actor, label)]
            main.append(safe_row(main, [*row, label(f"category-{category}"), count, people]))
            for number in sorted(set(act.ticket_numbers.get(category, []))):
                numbers.append(
                    safe_row(numbers, [act.id, when, label(f"category-{category}"), number])
                )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _actor(actor: str, label: Callable[[str], str]) -> str:
    return label("actor-system") if actor == SYSTEM_ACTOR else actor


def _header(sheet: Any, titles: Sequence[str]) -> list[Any]:
    cells = [text_cell(sheet, title) for title in titles]
    for cell in cells:
        cell.font = Font(bold=True)
    return cells
