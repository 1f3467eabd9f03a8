"""Tickets through the API: the dialogue's own rules for values, idempotent creation, reading.

Values are checked field by field exactly as the ticket dialogue checks typed answers
(``services.fields.parse_value``), then as its summary does (which fields are asked given the
answers so far, which required ones are missing). Errors come back per field as ``Msg``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import ApiIdempotencyKey, FieldSetVersion, Person, PersonRole, Ticket
from services.fields import (
    FieldDefinition,
    FieldSet,
    FieldType,
    FieldValue,
    ParseError,
    ParseOk,
    ParseResult,
    finish_multi_choice,
    missing_required,
    parse_value,
    visible_fields,
)
from services.fields.parsing import parse_multi_choice
from services.messages import Msg
from services.tickets.queries import _match as search_clause
from services.tickets.search_index import parse_query, phone_key

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
IDEMPOTENCY_KEY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Checked:
    values: dict[str, FieldValue] = field(default_factory=dict)
    errors: dict[str, Msg] = field(default_factory=dict)


def check_values(
    field_set: FieldSet, given: Mapping[str, Any], *, tz: ZoneInfo, today: date
) -> Checked:
    """The values of a new ticket from JSON, or what is wrong with each field."""
    errors: dict[str, Msg] = {}
    values: dict[str, FieldValue] = {}
    for key, raw in given.items():
        definition = field_set.get(key)
        if definition is None or not definition.active:
            errors[key] = Msg("api-error-unknown-field")
            continue
        if raw is None or raw == "" or raw == []:
            continue
        result = parse_json_value(definition, raw, tz=tz, today=today)
        if isinstance(result, ParseError):
            errors[key] = result.msg
        else:
            values[key] = result.value
    # Asked given the answers: a value for a field the dialogue would not ask is refused.
    asked = {f.key for f in visible_fields(field_set, values)}
    for key in list(values):
        if key not in asked:
            errors[key] = Msg("api-error-field-not-asked")
            del values[key]
    for definition in missing_required(field_set, values):
        errors.setdefault(definition.key, Msg("api-error-required"))
    return Checked(values if not errors else {}, errors)


def parse_json_value(
    definition: FieldDefinition, raw: Any, *, tz: ZoneInfo, today: date
) -> ParseResult:
    """One JSON value: strings as the dialogue parses typed text; natural JSON types too."""
    kind = definition.type
    if kind is FieldType.ATTACHMENTS:
        return ParseError(Msg("api-error-attachments"))
    if kind is FieldType.YES_NO and isinstance(raw, bool):
        return ParseOk(raw)
    if kind is FieldType.MULTI_CHOICE and isinstance(raw, list):
        labels: list[str] = []
        for item in raw:
            if not isinstance(item, str | int) or isinstance(item, bool):
                return ParseError(
                    Msg("field-error-multi-choice", {"count": len(definition.choices)})
                )
            one = parse_multi_choice(definition, str(item))
            if isinstance(one, ParseError):
                return one
            assert isinstance(one.value, list)
            labels.extend(str(label) for label in one.value)
        return finish_multi_choice(definition, labels)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return ParseError(Msg("api-error-type"))
    return parse_value(definition, str(raw), tz=tz, today=today)


def request_hash(payload: Any) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


async def claim_idempotency_key(
    session: AsyncSession, api_key_id: int, key: str, body_hash: str
) -> ApiIdempotencyKey | None:
    """Claim ``key`` for this request: ``None`` when claimed (create the ticket, then
    :func:`settle`), else the row of the request that claimed it first.

    Two requests with one key at once: the unique constraint makes the second wait for the
    first's transaction (PostgreSQL; SQLite's writers take turns anyway) and find its row.
    """
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    values = {"api_key_id": api_key_id, "key": key, "request_hash": body_hash}
    statement: Any
    if dialect == "postgresql":
        statement = pg_insert(ApiIdempotencyKey).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite_insert(ApiIdempotencyKey).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the service runs on SQLite or PostgreSQL
        statement = insert(ApiIdempotencyKey).values(**values)
    statement = statement.values(created_at=utcnow()).returning(ApiIdempotencyKey.id)
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is not None:
        return None
    found = await session.scalar(
        select(ApiIdempotencyKey).where(
            ApiIdempotencyKey.api_key_id == api_key_id, ApiIdempotencyKey.key == key
        )
    )
    if found is None:  # pragma: no cover - the conflicting row was committed
        raise RuntimeError("idempotency key conflict without a row")
    return found


async def settle(session: AsyncSession, api_key_id: int, key: str, ticket_id: int) -> None:
    """Record the ticket the claimed ``key`` created (in the same transaction)."""
    await session.execute(
        update(ApiIdempotencyKey)
        .where(ApiIdempotencyKey.api_key_id == api_key_id, ApiIdempotencyKey.key == key)
        .values(ticket_id=ticket_id)
    )


# Listing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketFilter:
    stage: str | None = None
    category: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    phone: str | None = None
    address: str | None = None
    q: str | None = None


class BadCursorError(ValueError):
    pass


def encode_cursor(number: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"n": number}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        number = data["n"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise BadCursorError(cursor) from exc
    if not isinstance(number, int) or isinstance(number, bool):
        raise BadCursorError(cursor)
    return number


def _conditions(found: TicketFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if found.stage:
        where.append(Ticket.stage_key == found.stage)
    if found.category:
        where.append(Ticket.category == found.category)
    if found.created_from is not None:
        where.append(Ticket.created_at >= found.created_from)
    if found.created_to is not None:
        where.append(Ticket.created_at < found.created_to)
    if found.phone:
        digits = "".join(ch for ch in found.phone if ch.isdigit())
        whole = phone_key(found.phone)
        if whole is not None:
            where.append(Ticket.phone_digits.like(f"% {whole} %"))
        elif digits:
            where.append(Ticket.phone_digits.like(f"%{digits} %"))
    for text in (found.address, found.q):
        if text:
            clause = search_clause(parse_query(text))
            if clause is not None:
                where.append(clause)
    return where


async def list_tickets(
    session: AsyncSession, found: TicketFilter, *, limit: int, before: int | None
) -> tuple[list[Ticket], int | None]:
    """Newest first; the number to continue before, when there are more."""
    where = _conditions(found)
    if before is not None:
        where.append(Ticket.number < before)
    rows = list(
        await session.scalars(
            select(Ticket).where(and_(True, *where)).order_by(Ticket.number.desc()).limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].number if more and rows else None


async def staff(session: AsyncSession) -> list[Person]:
    """Active people with at least one role, by name."""
    rows = await session.scalars(
        select(Person)
        .where(Person.is_active.is_(True), Person.id.in_(select(PersonRole.person_id)))
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return list(rows)


def personal_keys(row: FieldSetVersion) -> frozenset[str]:
    from services.privacy.fields import personal_data_keys

    return personal_data_keys(row.definition)


def without(values: Mapping[str, Any], keys: Sequence[str] | frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key not in keys}
