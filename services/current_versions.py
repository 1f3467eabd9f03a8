"""Which field set and workflow version is current, known without a statement of its own.

Every update reads its sender (``bot.middlewares.person``) and every API request its key
(``bot.api.auth``); those statements also read the current versions' id and digest as scalar
subqueries. A version this process has read before is then taken from memory: a version's id,
digest and definition never change, and one published meanwhile, in any process, has another
id and digest, so it is read from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from db.models import FieldSetVersion, WebhookEndpoint, WorkflowVersion
from services.fields import FieldSet
from services.webhooks.events import no_enabled_endpoints

Version = TypeVar("Version", FieldSetVersion, WorkflowVersion)
Parsed = TypeVar("Parsed")

_KEPT_VERSIONS = 16


class KeptVersions(Generic[Version, Parsed]):
    """Versions of one kind read in this process, by id, with their parsed definitions."""

    def __init__(self, model: type[Version], name: str) -> None:
        self._model: type[Version] = model
        self._noted_key = f"helpdesk_current_{name}_noted"
        self._kept: dict[int, tuple[Version, Parsed]] = {}
        self.id_and_digest: tuple[ColumnElement[Any], ColumnElement[Any]] = (
            select(model.id).where(model.is_current).scalar_subquery(),
            select(model.version).where(model.is_current).scalar_subquery(),
        )

    def note(self, session: AsyncSession, version_id: Any, digest: Any) -> None:
        """The current id and digest, as read in this transaction."""
        if version_id is not None and digest is not None:
            transaction = session.sync_session.get_transaction()
            session.info[self._noted_key] = (transaction, (version_id, digest))

    def forget(self, session: AsyncSession) -> None:
        """This transaction publishes a version: what was noted is no longer current."""
        session.info.pop(self._noted_key, None)

    def known(self, session: AsyncSession) -> tuple[Version, Parsed] | None:
        """The current version, if noted in this transaction and kept here; in the session."""
        noted = session.info.get(self._noted_key)
        if noted is None or noted[0] is not session.sync_session.get_transaction():
            return None
        version_id, digest = noted[1]
        kept = self._kept.get(version_id)
        if kept is None or kept[0].version != digest:
            return None
        # Into this session without a statement (an instance already there is returned as is).
        row = session.sync_session.merge(kept[0], load=False)
        return row, kept[1]

    def keep(self, row: Version, parsed: Parsed) -> None:
        if row.id is None or row.version is None:
            return
        if len(self._kept) >= _KEPT_VERSIONS:
            self._kept.clear()
        copy = self._model(
            id=row.id,
            version=row.version,
            definition=row.definition,
            is_current=True,  # used only while the noted current id is its id
            created_at=row.created_at,
            created_by_id=row.created_by_id,
        )
        make_transient_to_detached(copy)
        self._kept[row.id] = (copy, parsed)


FIELD_SETS: KeptVersions[FieldSetVersion, FieldSet] = KeptVersions(FieldSetVersion, "field_set")
WORKFLOWS: KeptVersions[WorkflowVersion, None] = KeptVersions(WorkflowVersion, "workflow")

# Whether any webhook endpoint is enabled: with none (the usual case), a ticket event queues
# no delivery and the endpoints need not be read (services.webhooks.events).
ENABLED_WEBHOOKS: ColumnElement[Any] = (
    select(func.count()).select_from(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True))
).scalar_subquery()

# Read along with the sender or the API key; ``note_read_along`` takes the values back.
READ_ALONG: tuple[ColumnElement[Any], ...] = (
    *FIELD_SETS.id_and_digest,
    *WORKFLOWS.id_and_digest,
    ENABLED_WEBHOOKS,
)


def note_read_along(session: AsyncSession, values: Sequence[Any]) -> None:
    if len(values) != len(READ_ALONG):
        return
    FIELD_SETS.note(session, values[0], values[1])
    WORKFLOWS.note(session, values[2], values[3])
    if values[4] == 0:
        no_enabled_endpoints(session)
