"""Statistics-preserving anonymisation of tickets (152-ФЗ): retention and erasure use it.

A ticket keeps its number, category, priority, stages, times, outcome, processing times, stage
visits and the rows of its history, so every report figure stays the same. What goes:

- the values of the fields flagged as personal data (``services.privacy.fields``) become
  :data:`PLACEHOLDER` (text-like fields) or are removed (numbers, dates, lists);
- files: every attachments value and every ``ticket_attachments`` row (the issue: files
  attached to a ticket go with its personal data);
- the copies made from those values: the subject (when built from one of them), the search
  index and the phone digits, computed again from what is left;
- free text written about the ticket: the closing note and every history text (comments,
  reports, reasons: staff may have typed a resident's phone into them), the old and new value
  of every history entry that changed such a field, and file names in the history.

Set-based and batched; idempotent: a ticket with nothing left to remove is not written again
and is not counted. Messages in the outbox are not linked to tickets: delivered ones are
deleted after 90 days (``scheduler.retention``), long before the retention period ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import UtcDateTime
from db.dialect import is_postgres
from db.models import FieldSetVersion, Ticket, TicketAttachment, TicketEvent
from services.privacy.fields import personal_data_keys
from services.tickets.events import EventKind
from services.tickets.lifecycle import DESCRIPTION_KEY, SUBJECT_KEY
from services.tickets.search_index import field_types, index_values

PLACEHOLDER = "[удалено]"
# Field types whose value is replaced by the placeholder; any other type's value is removed.
_PLACEHOLDER_TYPES = frozenset({"text", "long_text", "phone", "choice"})
_ATTACHMENTS_TYPE = "attachments"
BATCH = 2000

_T = cast(Table, Ticket.__table__)
_E = cast(Table, TicketEvent.__table__)
_A = cast(Table, TicketAttachment.__table__)


@dataclass(slots=True)
class AnonymisedCounts:
    """What one call changed. ``numbers``: the tickets whose data was anonymised."""

    tickets: int = 0
    fields: int = 0  # values replaced or removed
    files: int = 0  # ticket_attachments rows deleted
    texts: int = 0  # history texts and closing notes replaced
    numbers: list[int] = field(default_factory=list)
    file_numbers: list[int] = field(default_factory=list)  # tickets whose files went

    def add(self, other: AnonymisedCounts) -> None:
        self.tickets += other.tickets
        self.fields += other.fields
        self.files += other.files
        self.texts += other.texts
        self.numbers.extend(other.numbers)
        self.file_numbers.extend(other.file_numbers)

    @property
    def changed(self) -> bool:
        return bool(self.tickets or self.fields or self.files or self.texts)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What to clear in tickets made with one field-set version."""

    types: Mapping[str, str]
    personal: frozenset[str]
    files: frozenset[str]

    @property
    def cleared(self) -> frozenset[str]:
        return self.personal | self.files


def anonymised_values(values: Mapping[str, Any], shape: _Shape) -> tuple[dict[str, Any], int]:
    """The values without personal data and files, and how many values changed."""
    result: dict[str, Any] = {}
    changed = 0
    for key, value in values.items():
        if key not in shape.cleared or value is None or value in ("", []):
            result[key] = value
            continue
        if key in shape.personal and shape.types.get(key) in _PLACEHOLDER_TYPES:
            result[key] = PLACEHOLDER
            changed += value != PLACEHOLDER
        else:
            changed += 1  # removed
    return result, changed


def _subject(old_subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """The subject computed again when it was a copy of a value that changed."""
    source = SUBJECT_KEY if old.get(SUBJECT_KEY) else DESCRIPTION_KEY
    if old.get(source) == new.get(source):
        return old_subject
    return PLACEHOLDER if new.get(source) else ""


async def anonymise_tickets(
    session: AsyncSession, ticket_ids: Iterable[int], *, now: datetime
) -> AnonymisedCounts:
    """Anonymise these tickets (open or closed) in the session's transaction, in batches."""
    ids = sorted(set(ticket_ids))
    total = AnonymisedCounts()
    shapes: dict[int, _Shape] = {}
    for start in range(0, len(ids), BATCH):
        total.add(await _batch(session, ids[start : start + BATCH], now, shapes))
    return total


async def _shape(session: AsyncSession, version_id: int, shapes: dict[int, _Shape]) -> _Shape:
    shape = shapes.get(version_id)
    if shape is None:
        definition = await session.scalar(
            select(FieldSetVersion.definition).where(FieldSetVersion.id == version_id)
        )
        types = field_types(definition or [])
        shape = _Shape(
            types=types,
            personal=personal_data_keys(definition or []),
            files=frozenset(k for k, t in types.items() if t == _ATTACHMENTS_TYPE),
        )
        shapes[version_id] = shape
    return shape


async def _batch(
    session: AsyncSession, ids: Sequence[int], now: datetime, shapes: dict[int, _Shape]
) -> AnonymisedCounts:
    counts = AnonymisedCounts()
    rows = (
        await session.execute(
            select(
                _T.c.id,
                _T.c.number,
                _T.c.field_set_version_id,
                _T.c["values"],
                _T.c.subject,
                _T.c.outcome_note,
                _T.c.anonymised_at,
            ).where(_T.c.id.in_(ids))
        )
    ).all()
    # History first: which tickets have something left there decides which are written.
    touched: set[int] = set()
    counts.texts += await _event_texts(session, ids, touched)
    counts.fields += await _event_data(session, ids, rows, shapes, touched)
    files = await session.execute(
        delete(_A).where(_A.c.ticket_id.in_(ids)).returning(_A.c.ticket_id)
    )
    file_tickets = list(files.scalars())
    counts.files += len(file_tickets)
    touched.update(file_tickets)
    with_files = set(file_tickets)
    counts.file_numbers.extend(row.number for row in rows if row.id in with_files)

    params: list[dict[str, Any]] = []
    for row in rows:
        shape = await _shape(session, row.field_set_version_id, shapes)
        old_values = row.values or {}
        values, changed = anonymised_values(old_values, shape)
        note_changed = row.outcome_note is not None and row.outcome_note != PLACEHOLDER
        if not (changed or note_changed or row.id in touched or row.anonymised_at is None):
            continue
        counts.fields += changed
        counts.texts += note_changed
        counts.tickets += 1
        counts.numbers.append(row.number)
        index = index_values(values, shape.types)
        params.append(
            {
                "b_id": row.id,
                "b_values": values,
                "b_subject": _subject(row.subject or "", old_values, values),
                "b_search": index.search_text,
                "b_phones": index.phone_digits,
                "b_note": PLACEHOLDER if row.outcome_note is not None else None,
                "b_at": now,
            }
        )
    if params and is_postgres(session):
        await _update_tickets_postgres(session, params, now)
    elif params:
        await session.execute(
            update(_T)
            .where(_T.c.id == bindparam("b_id"))
            .values(
                {
                    "values": bindparam("b_values", type_=_T.c["values"].type),
                    "subject": bindparam("b_subject"),
                    "search_text": bindparam("b_search"),
                    "phone_digits": bindparam("b_phones"),
                    "outcome_note": bindparam("b_note"),
                    "anonymised_at": bindparam("b_at", type_=_T.c.anonymised_at.type),
                    # Optimistic locking: an edit loaded before this one must not write back.
                    "version": _T.c.version + 1,
                }
            ),
            params,
        )
    return counts


# One statement for a whole batch (an UPDATE per row costs a round trip's worth each even
# when pipelined): the rows' new values as parallel arrays.
_UPDATE_TICKETS = text(
    """
    UPDATE tickets AS t SET "values" = CAST(u.v AS json), subject = u.s, search_text = u.q,
        phone_digits = u.p, outcome_note = u.n, anonymised_at = :at, version = t.version + 1
    FROM unnest(CAST(:ids AS integer[]), CAST(:v AS text[]), CAST(:s AS text[]),
        CAST(:q AS text[]), CAST(:p AS text[]), CAST(:n AS text[])) AS u(id, v, s, q, p, n)
    WHERE t.id = u.id
    """
).bindparams(bindparam("at", type_=UtcDateTime()))
_UPDATE_EVENT_DATA = text(
    """
    UPDATE ticket_events AS e SET data = CAST(u.d AS json)
    FROM unnest(CAST(:ids AS bigint[]), CAST(:d AS text[])) AS u(id, d)
    WHERE e.id = u.id
    """
)


async def _update_tickets_postgres(
    session: AsyncSession, params: list[dict[str, Any]], now: datetime
) -> None:
    await session.execute(
        _UPDATE_TICKETS,
        {
            "ids": [p["b_id"] for p in params],
            "v": [json.dumps(p["b_values"]) for p in params],
            "s": [p["b_subject"] for p in params],
            "q": [p["b_search"] for p in params],
            "p": [p["b_phones"] for p in params],
            "n": [p["b_note"] for p in params],
            "at": now,
        },
    )


async def _event_texts(session: AsyncSession, ids: Sequence[int], touched: set[int]) -> int:
    result = await session.execute(
        update(_E)
        .where(_E.c.ticket_id.in_(ids), _E.c.text.is_not(None), _E.c.text != PLACEHOLDER)
        .values(text=PLACEHOLDER)
        .returning(_E.c.ticket_id)
    )
    found = list(result.scalars())
    touched.update(found)
    return len(found)


async def _event_data(
    session: AsyncSession,
    ids: Sequence[int],
    rows: Sequence[Any],
    shapes: dict[int, _Shape],
    touched: set[int],
) -> int:
    """Old and new values of changed personal-data fields and file names in the history."""
    version_of = {row.id: row.field_set_version_id for row in rows}
    events = (
        await session.execute(
            select(_E.c.id, _E.c.ticket_id, _E.c.kind, _E.c.data).where(
                _E.c.ticket_id.in_(ids),
                _E.c.kind.in_((EventKind.FIELD_CHANGED.value, EventKind.ATTACHMENT.value)),
            )
        )
    ).all()
    params: list[dict[str, Any]] = []
    for event in events:
        data = dict(event.data or {})
        if event.kind == EventKind.ATTACHMENT.value:
            if data.get("name") is None:
                continue
            data["name"] = None
        else:
            shape = await _shape(session, version_of[event.ticket_id], shapes)
            if data.get("key") not in shape.cleared:
                continue
            before = dict(data)
            for side in ("old", "new"):
                if data.get(side) not in (None, "", [], PLACEHOLDER):
                    data[side] = PLACEHOLDER
            if data == before:
                continue
        params.append({"b_id": event.id, "b_data": data})
        touched.add(event.ticket_id)
    if params and is_postgres(session):
        await session.execute(
            _UPDATE_EVENT_DATA,
            {
                "ids": [p["b_id"] for p in params],
                "d": [json.dumps(p["b_data"]) for p in params],
            },
        )
    elif params:
        await session.execute(
            update(_E)
            .where(_E.c.id == bindparam("b_id"))
            .values(data=bindparam("b_data", type_=_E.c.data.type)),
            params,
        )
    return len(params)
