"""Ticket export for a period (.xlsx, streamed): every ticket field and every stored value.

What people typed is always written as text (``xlsx_cells.text_cell``), never as a formula, even
when it starts with ``=``, ``+``, ``-`` or ``@``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FieldSetVersion, Person, Ticket, WorkflowVersion
from services.fields import FieldDefinition, display_value, is_empty
from services.messages import Msg
from services.reports.labels import Labels
from services.reports.period import Period
from services.reports.sheets import append_rows, start_sheet
from services.tickets.definitions import field_set_of, workflow_of

_FIXED = (
    "export-col-number",
    "export-col-created",
    "export-col-stage",
    "export-col-category",
    "export-col-priority",
    "export-col-subject",
    "export-col-author",
    "export-col-assignee",
    "export-col-stage-deadline",
    "export-col-stage-breached",
    "export-col-deadline",
    "export-col-breached",
    "export-col-closed",
    "export-col-outcome",
)
_FORMATS: list[str | None] = ["0", *[None] * 7, *[None] * 6]
_BATCH = 1000


async def _fields(session: AsyncSession) -> list[FieldDefinition]:
    """Every field any version ever had, the current version's order first."""
    rows = await session.scalars(
        select(FieldSetVersion).order_by(FieldSetVersion.is_current.desc(), FieldSetVersion.id)
    )
    seen: dict[str, FieldDefinition] = {}
    for row in rows:
        for definition in field_set_of(row).fields:
            seen.setdefault(definition.key, definition)
    return list(seen.values())


async def export_tickets_xlsx(
    session: AsyncSession, period: Period, labels: Labels, tz: ZoneInfo
) -> bytes:
    """Tickets created in ``period``, one row each, in number order."""
    fields = await _fields(session)
    # Staff is small next to tickets: one query for every name the rows may need.
    full = {
        pid: " ".join(p for p in names if p)
        for pid, *names in await session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.patronymic)
        )
    }
    stage_names = {
        (row.id, stage.key): stage.name
        for row in await session.scalars(select(WorkflowVersion))
        for stage in workflow_of(row).stages
    }
    book = Workbook(write_only=True)
    sheet = book.create_sheet(labels.plain("export-sheet"))
    headers = [labels.plain(key) for key in _FIXED] + [f.label for f in fields]
    start_sheet(
        sheet, headers, [8, 16, 22, 18, 14, 40, 28, 28, 16, 16, 16, 16, 16, 14, *[24] * len(fields)]
    )
    translate: Callable[[Msg], str] = lambda m: labels.plain(m.key, **m.args)  # noqa: E731
    t = Ticket
    result = await session.stream(
        select(
            t.number,
            t.created_at,
            t.workflow_version_id,
            t.stage_key,
            t.category,
            t.priority,
            t.subject,
            t.author_id,
            t.assignee_id,
            t.stage_deadline_at,
            t.stage_breached_at,
            t.deadline_at,
            t.breached_at,
            t.closed_at,
            t.outcome,
            t.values,
        )
        .where(t.created_at >= period.start, t.created_at < period.end)
        .order_by(t.number)
        .execution_options(yield_per=_BATCH)
    )
    local = lambda moment: moment.astimezone(tz) if moment else None  # noqa: E731
    async for row in result:
        fixed: list[Any] = [
            row.number,
            local(row.created_at),
            stage_names.get((row.workflow_version_id, row.stage_key), row.stage_key),
            row.category or "",
            row.priority or "",
            row.subject,
            full.get(row.author_id, ""),
            full.get(row.assignee_id, "") if row.assignee_id else "",
            local(row.stage_deadline_at),
            local(row.stage_breached_at),
            local(row.deadline_at),
            local(row.breached_at),
            local(row.closed_at),
            labels.plain(f"export-outcome-{row.outcome}") if row.outcome else "",
        ]
        values = row.values or {}
        shown = [
            ""
            if is_empty(values.get(f.key))
            else display_value(f, values.get(f.key), translate, tz=tz)
            for f in fields
        ]
        append_rows(sheet, [fixed + shown], _FORMATS + [None] * len(fields))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
