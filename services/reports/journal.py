"""The registration journal («журнал учёта заявок») of a housing company for a period (.xlsx).

One row per ticket registered in the period, in number order: when it was registered, the
number, the address with the flat, the resident (name, phone), the fault (category and what
happened), the executor, when it was completed and the mark of completion (the outcome, and
for a done ticket whether the author confirmed it or it was confirmed automatically). What
people typed is written as text, never as a formula (``xlsx_cells`` via ``sheets.cell``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, Ticket, TicketEvent
from services.reports.labels import Labels
from services.reports.period import Period
from services.reports.sheets import append_rows, start_sheet
from services.tickets.events import EventKind

COLUMNS = (
    "journal-col-registered",
    "journal-col-number",
    "journal-col-address",
    "journal-col-resident",
    "journal-col-phone",
    "journal-col-fault",
    "journal-col-executor",
    "journal-col-completed",
    "journal-col-mark",
)
_WIDTHS = (17, 8, 36, 28, 18, 50, 28, 17, 30)
_FORMATS: list[str | None] = [None, "0", *[None] * 7]
# The form's keys (services/fields/default_fields.toml); a set without them leaves cells empty.
ADDRESS_KEY, FLAT_KEY, CLIENT_KEY, PHONE_KEY = "address", "flat", "client", "phone"
DESCRIPTION_KEY = "description"
_BATCH = 1000
_CONFIRMATIONS = (EventKind.CONFIRMED.value, EventKind.AUTO_CONFIRMED.value)


async def journal_xlsx(
    session: AsyncSession, period: Period, labels: Labels, tz: ZoneInfo
) -> bytes:
    """Tickets registered in ``period`` (company time), one row each."""
    names = {
        pid: " ".join(part for part in parts if part)
        for pid, *parts in await session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic)
        )
    }
    in_period = (Ticket.created_at >= period.start, Ticket.created_at < period.end)
    confirmed: dict[int, str] = {}
    for number, kind in await session.execute(
        select(Ticket.number, TicketEvent.kind)
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(*in_period, TicketEvent.kind.in_(_CONFIRMATIONS))
        .order_by(TicketEvent.id)
    ):
        confirmed[number] = kind  # the last confirmation wins
    book = Workbook(write_only=True)
    sheet = book.create_sheet(labels.plain("journal-sheet"))
    start_sheet(sheet, [labels.plain(key) for key in COLUMNS], _WIDTHS)
    result = await session.stream(
        select(
            Ticket.number,
            Ticket.created_at,
            Ticket.category,
            Ticket.assignee_id,
            Ticket.closed_at,
            Ticket.outcome,
            Ticket.values,
        )
        .where(*in_period)
        .order_by(Ticket.number)
        .execution_options(yield_per=_BATCH)
    )
    async for row in result:
        values: Mapping[str, Any] = row.values or {}
        closed = row.closed_at.astimezone(tz) if row.closed_at else None
        line: list[Any] = [
            row.created_at.astimezone(tz),
            row.number,
            _joined(_text(values.get(ADDRESS_KEY)), _flat(labels, values.get(FLAT_KEY))),
            _text(values.get(CLIENT_KEY)),
            _text(values.get(PHONE_KEY)),
            _fault(row.category, _text(values.get(DESCRIPTION_KEY))),
            names.get(row.assignee_id, "") if row.assignee_id else "",
            closed,
            _mark(labels, row.outcome, confirmed.get(row.number)),
        ]
        append_rows(sheet, [line], _FORMATS)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | list | dict):
        return ""
    return str(value).strip()


def _flat(labels: Labels, value: Any) -> str:
    flat = _text(value)
    return labels.plain("journal-flat", flat=flat) if flat else ""


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _fault(category: str | None, description: str) -> str:
    return f"{category}: {description}" if category and description else category or description


def _mark(labels: Labels, outcome: str | None, confirmation: str | None) -> str:
    if outcome is None:
        return ""
    if outcome == "done" and confirmation is not None:
        return labels.plain(f"journal-mark-done-{confirmation.replace('_', '-')}")
    return labels.plain(f"export-outcome-{outcome}")
