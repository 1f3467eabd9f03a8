"""A ticket moves through its stages: the rules decide, the right people are told.

Shared by the handlers (buttons, reports, answers) and the scheduler (auto-confirmation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.models import Person, Ticket, TicketAttachment
from services.messages import Msg
from services.tickets.events import EventKind
from services.tickets.lifecycle import record_event
from services.work import confirmation, moves
from services.work.notifications import WorkContext
from services.workflow import ActionKind, Actor, Denied, Outcome


@dataclass(frozen=True, slots=True)
class ReportFile:
    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str | None = None
    name: str | None = None


async def perform(
    work: WorkContext,
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
            work.session,
            ticket,
            target,
            actor,
            rules=work.settings.rules,
            planner=work.planner,
            expected_stage=expected_stage,
            has_report=bool(text or files),
            kind=_kind_for(ticket, target, text),
            text=text,
        )

    result = await moves.run_optimistic(work.session, apply)
    if isinstance(result, Msg):
        return result
    if isinstance(result, Denied):
        return result.reason
    await _announce(work, ticket, result, actor, text, files)
    return None


def _kind_for(ticket: Ticket, target: str, text: str | None) -> EventKind | None:
    stage = moves.workflow(ticket).get(target)
    if stage is not None and stage.pauses_clock and text:
        return EventKind.INFO_REQUESTED
    return None


async def _announce(
    work: WorkContext,
    ticket: Ticket,
    moved: moves.Moved,
    actor: Actor,
    text: str | None,
    files: Sequence[ReportFile],
) -> None:
    target, number, notifier = moved.target, ticket.number, work.notifier
    key = f"ev:{moved.event.id}"

    def others(*person_ids: int | None) -> list[int | None]:
        # Whoever made the move has their own answer; a notice of it would be an echo.
        return [p for p in person_ids if p != actor.person_id]

    notify = work.settings.notify
    if target.needs_author_confirmation and text is not None:
        report_id = await _record_report(work, ticket, actor, text, files)
        await notifier.send_report(ticket, report_id, text)
        return
    if moved.kind is ActionKind.CONFIRM:
        await notifier.brief(
            ticket, [ticket.assignee_id], Msg("work-confirmed", {"number": number}), key
        )
    elif moved.kind is ActionKind.RETURN:
        told = Msg("work-returned", {"number": number, "reason": text or ""})
        await notifier.brief(ticket, [ticket.assignee_id], told, key)
    elif moved.kind is ActionKind.REOPEN:
        told = Msg("work-reopened", {"number": number, "reason": text or ""})
        await notifier.brief(ticket, others(ticket.assignee_id, ticket.author_id), told, key)
    elif target.pauses_clock:
        await notifier.ask_author(
            ticket, Msg("work-question", {"number": number, "question": text or ""}), key
        )
    elif target.outcome is Outcome.TRANSFERRED:
        told = Msg("work-transferred", {"number": number, "department": text or ""})
        await notifier.brief(ticket, others(ticket.author_id), told, key)
    elif target.outcome is Outcome.REJECTED:
        told = Msg("work-rejected", {"number": number, "reason": text or ""})
        await notifier.brief(ticket, others(ticket.author_id), told, key)
    elif notify.author_on_stage_change and actor.person_id != ticket.author_id:
        taker = (
            await work.session.get(Person, actor.person_id)
            if _accepted(ticket, moved, actor)
            else None
        )
        if taker is not None:
            await notifier.ticket_taken(ticket, taker, key)
        else:
            told = Msg("work-stage-changed", {"number": number, "stage": target.name})
            await notifier.brief(ticket, [ticket.author_id], told, key)
    if notify.managers_on_changes and moved.kind in (ActionKind.RETURN, ActionKind.REOPEN):
        told = Msg("work-managers-change", {"number": number, "stage": target.name})
        await notifier.tell_managers(ticket, told, key)


def _accepted(ticket: Ticket, moved: moves.Moved, actor: Actor) -> bool:
    """The assignee's first move out of the initial stage: they took the ticket into work."""
    return (
        moved.source.key == moves.workflow(ticket).initial
        and actor.person_id is not None
        and actor.person_id == ticket.assignee_id
    )


async def _record_report(
    work: WorkContext, ticket: Ticket, actor: Actor, text: str, files: Sequence[ReportFile]
) -> int:
    session = work.session
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
    return report.id


async def answer_question(
    work: WorkContext, ticket: Ticket, author: Person, expected_stage: str, text: str
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
            work.session,
            ticket,
            back,
            Actor.system(),
            rules=work.settings.rules,
            planner=work.planner,
            expected_stage=expected_stage,
            kind=EventKind.INFO_ANSWERED,
            text=text,
            data={"author_id": author.id},
        )

    result = await moves.run_optimistic(work.session, apply)
    if isinstance(result, Msg):
        return result
    if isinstance(result, Denied):
        return result.reason
    told = Msg("work-answer", {"number": ticket.number, "answer": text})
    await work.notifier.brief(ticket, [ticket.assignee_id], told, f"ev:{result.event.id}")
    return None


async def comment(work: WorkContext, ticket: Ticket, person: Person, text: str) -> None:
    """A comment on the ticket; the other side (author or assignee) hears of it."""
    event = record_event(work.session, ticket, EventKind.COMMENT, person.id, text=text)
    await work.session.flush()
    others = {ticket.author_id, ticket.assignee_id} - {person.id}
    told = Msg("work-comment", {"number": ticket.number, "name": person.full_name, "text": text})
    await work.notifier.brief(ticket, others, told, f"ev:{event.id}")


async def auto_confirm(work: WorkContext, ticket: Ticket, now: datetime, wait: timedelta) -> bool:
    """Confirm a ticket its author left unanswered for ``wait``; both sides are told."""
    moved = await confirmation.auto_confirm(
        work.session, ticket, now=now, wait=wait, rules=work.settings.rules, planner=work.planner
    )
    if moved is None:
        return False
    key = f"ev:{moved.event.id}"
    hours = f"{wait.total_seconds() / 3600:g}"
    to_author = Msg("work-auto-confirmed-author", {"number": ticket.number, "hours": hours})
    to_executor = Msg("work-auto-confirmed-executor", {"number": ticket.number})
    await work.notifier.brief(ticket, [ticket.author_id], to_author, key)
    await work.notifier.brief(ticket, [ticket.assignee_id], to_executor, key)
    if work.settings.notify.managers_on_changes:
        await work.notifier.tell_managers(ticket, to_executor, key)
    return True
