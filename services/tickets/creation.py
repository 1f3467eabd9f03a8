"""A ticket from a finished draft: the row, its history and its attachment records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FieldSetVersion, Ticket, TicketAttachment
from services.deadlines.planning import DeadlinePlanner
from services.fields import Attachment, FieldSet, FieldType, FieldValue
from services.tickets.definitions import current_workflow
from services.tickets.events import EventKind
from services.tickets.lifecycle import create_ticket, record_event


async def create_from_values(
    session: AsyncSession,
    *,
    author_id: int,
    field_set_row: FieldSetVersion,
    field_set: FieldSet,
    values: Mapping[str, FieldValue],
    planner: DeadlinePlanner,
    at: datetime | None = None,
    number_later: bool = False,
    assignee_id: int | None = None,
    assignment_mode: str | None = None,
) -> Ticket:
    """``number_later``, ``assignee_id``: see ``services.tickets.lifecycle.create_ticket``."""
    workflow = await current_workflow(session)
    ticket = await create_ticket(
        session,
        author_id=author_id,
        field_set=field_set_row,
        workflow=workflow,
        values=values,
        planner=planner,
        at=at,
        number_later=number_later,
        assignee_id=assignee_id,
        assignment_mode=assignment_mode,
    )
    for attachment in attachments_in(field_set, values):
        session.add(attachment_row(ticket.id, attachment, author_id, event_id=None))
        if attachment.caption:
            record_event(
                session, ticket, EventKind.COMMENT, author_id, at=at, text=attachment.caption
            )
    await session.flush()
    return ticket


def attachments_in(field_set: FieldSet, values: Mapping[str, FieldValue]) -> list[Attachment]:
    """Files of the attachments fields, in field order."""
    found: list[Attachment] = []
    for field in field_set.fields:
        value = values.get(field.key)
        if field.type is FieldType.ATTACHMENTS and isinstance(value, list):
            found.extend(Attachment.from_value(item) for item in value if isinstance(item, dict))
    return found


def attachment_row(
    ticket_id: int, attachment: Attachment, uploaded_by_id: int | None, *, event_id: int | None
) -> TicketAttachment:
    return TicketAttachment(
        ticket_id=ticket_id,
        event_id=event_id,
        kind=attachment.kind,
        file_id=attachment.file_id,
        file_unique_id=attachment.file_unique_id,
        name=attachment.name,
        size=attachment.size,
        uploaded_by_id=uploaded_by_id,
    )
