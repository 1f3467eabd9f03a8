"""Workflow moves as the bot performs them: the service applies the rules, this module
tells the right people. Shared by the handlers and the scheduler's auto-confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.ticket_planner import deadline_planner
from bot.work_notify import answer_markup, send_report, tell, tell_managers
from db.models import Person, Ticket, TicketAttachment
from services import outbox
from services.messages import Msg
from services.tickets.events import EventKind
from services.tickets.lifecycle import record_event
from services.work import moves
from services.workflow import ActionKind, Actor, Denied, Outcome


@dataclass(frozen=True, slots=True)
class ReportFile:
    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str | None = None
    name: str | None = None


async def perform(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    target: str,
    actor: Actor,
    *,
    expected_stage: str | None,
    text: str | None = None,
    files: Sequence[ReportFile] = (),
) -> Msg | None:
    """Check and apply a move and notify; a ``Msg`` explains a refusal or a lost race."""

    async def apply() -> moves.Moved | Denied:
        return await moves.move(
            session,
            ticket,
            target,
            actor,
            rules=settings.workflow.rules,
            planner=deadline_planner(settings),
            expected_stage=expected_stage,
            has_report=bool(text or files),
            kind=_kind_for(ticket, target, text),
            text=text,
        )

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    if isinstance(result, Denied):
        return result.reason
    await _announce(session, i18n, settings, ticket, result, actor, text, files)
    return None


def _kind_for(ticket: Ticket, target: str, text: str | None) -> EventKind | None:
    stage = moves.workflow(ticket).get(target)
    if stage is not None and stage.pauses_clock and text:
        return EventKind.INFO_REQUESTED
    return None


async def _announce(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    moved: moves.Moved,
    actor: Actor,
    text: str | None,
    files: Sequence[ReportFile],
) -> None:
    event_id, target, number = moved.event.id, moved.target, ticket.number
    key = f"ev:{event_id}"
    notify = settings.workflow.notify
    if target.needs_author_confirmation and text is not None:
        report = record_event(session, ticket, EventKind.REPORT, actor.person_id, text=text)
        await session.flush()
        for file in files:
            session.add(
                TicketAttachment(
                    ticket_id=ticket.id,
                    event_id=report.id,
                    kind=file.kind,
                    file_id=file.file_id,
                    file_unique_id=file.file_unique_id,
                    name=file.name,
                    uploaded_by_id=actor.person_id,
                )
            )
        await session.flush()
        await send_report(session, i18n, settings, ticket, report.id, text)
        return
    if moved.kind is ActionKind.CONFIRM:
        msg = i18n("work-confirmed", number=number)
        await tell(session, i18n, settings, ticket, [ticket.assignee_id], msg, key)
    elif moved.kind is ActionKind.RETURN:
        msg = i18n("work-returned", number=number, reason=text or "")
        await tell(session, i18n, settings, ticket, [ticket.assignee_id], msg, key)
    elif moved.kind is ActionKind.REOPEN:
        msg = i18n("work-reopened", number=number)
        await tell(
            session, i18n, settings, ticket, [ticket.assignee_id, ticket.author_id], msg, key
        )
    elif target.pauses_clock:
        msg = i18n("work-question", number=number, question=text or "")
        await _ask_author(session, i18n, ticket, msg, key)
    elif target.outcome is Outcome.TRANSFERRED:
        msg = i18n("work-transferred", number=number, department=text or "")
        await tell(session, i18n, settings, ticket, [ticket.author_id], msg, key)
    elif target.outcome is Outcome.REJECTED:
        msg = i18n("work-rejected", number=number, reason=text or "")
        await tell(session, i18n, settings, ticket, [ticket.author_id], msg, key)
    elif notify.author_on_stage_change and actor.person_id != ticket.author_id:
        msg = i18n("work-stage-changed", number=number, stage=target.name)
        await tell(session, i18n, settings, ticket, [ticket.author_id], msg, key, with_card=False)
    if notify.managers_on_changes and moved.kind in (ActionKind.RETURN, ActionKind.REOPEN):
        msg = i18n("work-managers-change", number=number, stage=target.name)
        await tell_managers(session, i18n, settings, ticket, msg, key)


async def _ask_author(
    session: AsyncSession, i18n: Translator, ticket: Ticket, text: str, key: str
) -> None:
    author = await session.get(Person, ticket.author_id)
    if author is not None and author.telegram_id is not None:
        markup = answer_markup(i18n, ticket).model_dump(exclude_none=True)
        outbox.enqueue(session, author.telegram_id, text, markup, dedupe_key=f"{key}:{author.id}")


async def answer_question(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    author: Person,
    expected_stage: str,
    text: str,
) -> Msg | None:
    """The author's answer: back to the stage before the question, the executor told."""
    stage = moves.workflow(ticket).get(ticket.stage_key)
    if ticket.stage_key != expected_stage or stage is None or not stage.pauses_clock:
        return Msg("work-not-waiting")
    if author.id != ticket.author_id:
        return Msg("work-not-yours")
    back = stage.next_stages[0]

    async def apply() -> moves.Moved | Denied:
        return await moves.move(
            session,
            ticket,
            back,
            Actor.system(),
            rules=settings.workflow.rules,
            planner=deadline_planner(settings),
            expected_stage=expected_stage,
            kind=EventKind.INFO_ANSWERED,
            text=text,
            data={"author_id": author.id},
        )

    result = await moves.run_optimistic(session, apply)
    if isinstance(result, Msg):
        return result
    if isinstance(result, Denied):
        return result.reason
    msg = i18n("work-answer", number=ticket.number, answer=text)
    await tell(session, i18n, settings, ticket, [ticket.assignee_id], msg, f"ev:{result.event.id}")
    return None


async def comment(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person: Person,
    text: str,
) -> None:
    event = record_event(session, ticket, EventKind.COMMENT, person.id, text=text)
    await session.flush()
    others = {ticket.author_id, ticket.assignee_id} - {person.id}
    msg = i18n("work-comment", number=ticket.number, name=person.full_name, text=text)
    await tell(session, i18n, settings, ticket, others, msg, f"ev:{event.id}", with_card=False)
