"""The field set in use: seeded from configuration (or the default), edited in the bot."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FieldSetVersion
from db.sqlite import point_statements
from services.current_versions import FIELD_SETS
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
    found = FIELD_SETS.known(session)
    if found is None:
        found = await _current_fields(session, configured)
        FIELD_SETS.keep(*found)
    session.info[CURRENT_IN_TRANSACTION] = (transaction, found)
    return found


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
    FIELD_SETS.forget(session)
    row = await publish_field_set(session, updated, by_person_id)
    return row, field_set_of(row)
