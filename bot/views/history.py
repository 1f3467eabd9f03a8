"""The ticket's one history («📜 История» on the card): field changes, files and comments in
the ticket's own words, workflow events (assigned, stage changed, report, ...) in the
workflow's."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Markup, Translator
from bot.views.formatting import format_moment
from bot.views.long_text import split_text
from db.models import Person, Ticket, TicketEvent
from services import people
from services.fields.values import ATTACHMENT_KINDS
from services.tickets import queries
from services.tickets.definitions import field_set_of, workflow_of
from services.tickets.events import EventKind


async def history_chunks(
    session: AsyncSession, i18n: Translator, settings: Settings, ticket: Ticket
) -> list[str]:
    events = await queries.history(session, ticket.id)
    ids = [e.actor_id for e in events] + [_person_id(e) for e in events]
    named = await people.by_ids(session, ids)
    lines = [i18n("ticket-history-title", number=ticket.number)]
    for event in events:
        lines.append(_line(i18n, settings, ticket, event, named))
    if not events:
        lines.append(i18n("ticket-history-empty"))
    return split_text("\n".join(lines))


def _person_id(event: TicketEvent) -> int | None:
    value = event.data.get("person_id")
    return value if isinstance(value, int) else None


def _line(
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    event: TicketEvent,
    named: dict[int, Person],
) -> str:
    at = format_moment(event.at, settings.company.tz)
    actor = named.get(event.actor_id) if event.actor_id else None
    name = actor.full_name if actor else i18n.plain("work-system")
    if event.kind == EventKind.FIELD_CHANGED:
        key = str(event.data.get("key", ""))
        definition = field_set_of(ticket.field_set).get(key)
        return i18n(
            "ticket-history-field",
            at=at,
            name=name,
            label=definition.label if definition else key,
            old=_plain(event.data.get("old")),
            new=_plain(event.data.get("new")),
        )
    if event.kind == EventKind.ATTACHMENT:
        kind = str(event.data.get("kind"))
        kind = kind if kind in ATTACHMENT_KINDS else "document"
        file = str(event.data.get("name") or "") or i18n.plain(f"ticket-file-kind-{kind}")
        return i18n("ticket-history-file", at=at, name=name, file=file)
    text = event.text or ""  # whole: split_text spreads a long history over messages
    if event.kind == EventKind.COMMENT:
        return i18n("ticket-history-comment", at=at, name=name, text=text)
    return _workflow_line(i18n, ticket, event, named, at, name, text)


def _workflow_line(
    i18n: Translator,
    ticket: Ticket,
    event: TicketEvent,
    named: dict[int, Person],
    at: str,
    name: str,
    text: str,
) -> str:
    flow = workflow_of(ticket.workflow)

    def stage(key: str | None) -> str:
        found = flow.get(key) if key else None
        return found.name if found else (key or "")

    person_id = _person_id(event)
    person = named.get(person_id) if person_id is not None else None
    kind = event.kind if i18n.has(f"work-ev-{event.kind}") else "other"
    key = f"work-ev-{kind}"
    if event.kind == EventKind.REOPENED and text:  # reopenings before reasons had none
        key = "guard-ev-reopened"
    what = i18n(
        key,
        kind=event.kind,
        source=stage(event.from_stage),
        target=stage(event.to_stage),
        person=person.full_name if person else i18n.plain("work-system"),
        text=text,
    )
    return i18n("work-history-line", at=at, who=name, what=Markup(what))


def _plain(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
