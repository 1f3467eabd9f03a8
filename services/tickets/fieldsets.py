"""The field set in use: seeded from configuration (or the default), edited in the bot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from db.models import FieldSetVersion
from db.sqlite import point_statements
from services.fields import FieldSet, apply_field_set_update, load_default_field_set
from services.tickets.definitions import field_set_of, publish_field_set


async def current_fields(
    session: AsyncSession, configured: Callable[[], FieldSet | None] | None = None
) -> tuple[FieldSetVersion, FieldSet]:
    """The current version; the first call publishes the configured set (or the default).

    Read once per transaction: a dialogue step asks for it several times."""
    transaction = session.sync_session.get_transaction()
    remembered = session.info.get(CURRENT_IN_TRANSACTION)
    if remembered is not None and remembered[0] is transaction:
        cached: tuple[FieldSetVersion, FieldSet] = remembered[1]
        return cached
    found = _known_current(session, transaction)
    if found is None:
        found = await _current_fields(session, configured)
        _keep_version(*found)
    session.info[CURRENT_IN_TRANSACTION] = (transaction, found)
    return found


# Which version is current, read in a statement made anyway (the sender's person and roles,
# bot.middlewares.person): its id and digest. With the version kept in this process, the
# current field set then costs no statement; a version published meanwhile, in any process,
# has another id and digest and is read from the database.
CURRENT_ID_AND_DIGEST = (
    select(FieldSetVersion.id).where(FieldSetVersion.is_current).scalar_subquery(),
    select(FieldSetVersion.version).where(FieldSetVersion.is_current).scalar_subquery(),
)

# session.info key: (the transaction, (id, digest)) as noted by note_current.
NOTED_IN_TRANSACTION = "helpdesk_current_field_set_noted"


def note_current(session: AsyncSession, values: tuple[Any, ...]) -> None:
    """Note the values of ``CURRENT_ID_AND_DIGEST`` read in this transaction."""
    if len(values) == 2 and values[0] is not None and values[1] is not None:
        noted = (session.sync_session.get_transaction(), (values[0], values[1]))
        session.info[NOTED_IN_TRANSACTION] = noted


# Versions read from the database, by id: detached copies (a version's id, digest and
# definition never change) and the parsed set. A few at most; cleared when it grows.
_versions: dict[int, tuple[FieldSetVersion, FieldSet]] = {}
_KEPT_VERSIONS = 16


def _known_current(
    session: AsyncSession, transaction: object
) -> tuple[FieldSetVersion, FieldSet] | None:
    noted = session.info.get(NOTED_IN_TRANSACTION)
    if noted is None or noted[0] is not transaction:
        return None
    version_id, digest = noted[1]
    kept = _versions.get(version_id)
    if kept is None or kept[0].version != digest:
        return None
    # Into this session without a statement (an instance already there is returned as is).
    row = session.sync_session.merge(kept[0], load=False)
    return row, kept[1]


def _keep_version(row: FieldSetVersion, field_set: FieldSet) -> None:
    if row.id is None or row.version is None:
        return
    if len(_versions) >= _KEPT_VERSIONS:
        _versions.clear()
    copy = FieldSetVersion(
        id=row.id,
        version=row.version,
        definition=row.definition,
        is_current=True,  # used only while the noted current id is its id
        created_at=row.created_at,
        created_by_id=row.created_by_id,
    )
    make_transient_to_detached(copy)
    _versions[row.id] = (copy, field_set)


async def _current_fields(
    session: AsyncSession, configured: Callable[[], FieldSet | None] | None
) -> tuple[FieldSetVersion, FieldSet]:
    query = select(FieldSetVersion).where(FieldSetVersion.is_current)
    with point_statements():  # the one current row
        row = await session.scalar(query)
    if row is None:
        seed = configured() if configured is not None else None
        try:
            async with session.begin_nested():
                row = await publish_field_set(session, seed or load_default_field_set())
        except IntegrityError:
            # Two first updates at once (e.g. two operators' first /new on PostgreSQL): the
            # other transaction seeded the same set; use its row.
            row = await session.scalar(query)
            if row is None:
                raise
    return row, field_set_of(row)


# session.info key: (the transaction, its current field set).
CURRENT_IN_TRANSACTION = "helpdesk_current_field_set"


async def publish_update(
    session: AsyncSession, old: FieldSet, new: FieldSet, by_person_id: int | None
) -> tuple[FieldSetVersion, FieldSet]:
    """Publish ``new`` as a new version; fields it leaves out stay, retired.

    Raises ``FieldSetError`` when the update cannot be applied (e.g. a key changed type).
    """
    updated = apply_field_set_update(old, new)
    session.info.pop(CURRENT_IN_TRANSACTION, None)
    session.info.pop(NOTED_IN_TRANSACTION, None)
    row = await publish_field_set(session, updated, by_person_id)
    return row, field_set_of(row)
