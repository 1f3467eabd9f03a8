"""The current field set and workflow, stored as versions so old tickets keep theirs."""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypeVar

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.dialect import is_postgres
from db.locks import lock_id
from db.models import FieldSetVersion, WorkflowVersion
from services.audit import AuditAction, record_by_person_id
from services.current_versions import FIELD_SETS, WORKFLOWS
from services.fields import FieldSet, field_set_from_config, load_default_field_set
from services.workflow import (
    Workflow,
    load_default_workflow,
    workflow_from_config,
    workflow_to_config,
)

_Version = TypeVar("_Version", FieldSetVersion, WorkflowVersion)


async def _serialize_publishing(session: AsyncSession, table: str) -> None:
    """One publisher at a time, so two saves at once cannot leave two current versions.

    On PostgreSQL a transaction-level advisory lock orders them (the second then sees the
    first's row as committed); SQLite transactions already take the write lock up front.
    """
    if is_postgres(session):
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id(table)})


def _digest(payload: Any) -> str:
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


async def current_field_set(session: AsyncSession) -> FieldSetVersion:
    row = await session.scalar(select(FieldSetVersion).where(FieldSetVersion.is_current))
    return row if row is not None else await publish_field_set(session, load_default_field_set())


async def publish_field_set(
    session: AsyncSession, field_set: FieldSet, by_person_id: int | None = None
) -> FieldSetVersion:
    return await _publish(session, FieldSetVersion, field_set.to_config(), by_person_id)


async def _publish(
    session: AsyncSession,
    model: type[_Version],
    definition: Any,
    by_person_id: int | None,
) -> _Version:
    """Make ``definition`` the current version, reusing an identical stored one."""
    await _serialize_publishing(session, model.__tablename__)
    (FIELD_SETS if model is FieldSetVersion else WORKFLOWS).forget(session)
    version = _digest(definition)
    if by_person_id is not None:
        what = "fields" if model is FieldSetVersion else "stages"
        details = {"what": what, "version": version}
        record_by_person_id(session, by_person_id, AuditAction.SETTINGS_CHANGED, details=details)
    existing = await session.scalar(select(model).where(model.version == version))
    await session.execute(update(model).values(is_current=False))
    if existing is not None:
        existing.is_current = True
        return existing
    row = model(version=version, definition=definition, is_current=True, created_by_id=by_person_id)
    session.add(row)
    await session.flush()
    return row


# Versions never change once stored, so parsed definitions can be kept by version.
_field_sets: dict[str, FieldSet] = {}
_workflows: dict[str, Workflow] = {}


def field_set_of(row: FieldSetVersion) -> FieldSet:
    if row.version not in _field_sets:
        _field_sets[row.version] = field_set_from_config(row.definition, stored=True)
    return _field_sets[row.version]


async def current_workflow(session: AsyncSession) -> WorkflowVersion:
    known = WORKFLOWS.known(session)
    if known is not None:
        return known[0]
    row = await session.scalar(select(WorkflowVersion).where(WorkflowVersion.is_current))
    if row is None:
        return await publish_workflow(session, load_default_workflow())
    WORKFLOWS.keep(row, None)
    return row


async def publish_workflow(
    session: AsyncSession, workflow: Workflow, by_person_id: int | None = None
) -> WorkflowVersion:
    return await _publish(session, WorkflowVersion, workflow_to_config(workflow), by_person_id)


def workflow_of(row: WorkflowVersion) -> Workflow:
    if row.version not in _workflows:
        definition = row.definition
        _workflows[row.version] = workflow_from_config(
            definition["stages"], definition.get("initial")
        )
    return _workflows[row.version]
