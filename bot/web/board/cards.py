"""A ticket tapped in the Mini App: its card as the bot shows it to this person, and the
actions this person may take, through the same use cases and checks as the bot's buttons."""

from __future__ import annotations

from html import escape

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Runtime
from bot.i18n import Translator
from bot.views.card_parts import CardContext
from bot.views.notifier import work_context
from bot.views.ticket_card import render_ticket_card
from bot.web.board.auth import INIT_DATA_HEADER, Viewer, forbidden, unauthorized, viewer_of
from bot.web.board.keys import feed_of, runtime_of, translator
from db.models import Person, Role, Ticket
from services.messages import Msg
from services.tickets import rights
from services.work import queries
from services.work.taking import pick, take
from services.workflow import manual_candidates


def _runtime(request: web.Request) -> Runtime:
    return runtime_of(request)


def _i18n(runtime: Runtime) -> Translator:
    return translator(runtime)


def _may_take(ticket: Ticket, roles: frozenset[Role]) -> bool:
    return Role.EXECUTOR in roles and ticket.assignee_id is None and ticket.closed_at is None


async def _ticket(session: AsyncSession, request: web.Request, viewer: Viewer) -> Ticket:
    if viewer.person is None:
        raise forbidden()  # a wall screen is read only
    ticket = await session.get(Ticket, int(request.match_info["ticket_id"]))
    if ticket is None or not rights.can_view(ticket, viewer.person.id, viewer.roles):
        raise web.HTTPNotFound(text="404: not available")
    return ticket


async def _card_html(
    session: AsyncSession,
    runtime: Runtime,
    viewer: Viewer,
    ticket: Ticket,
    message: str = "",
    ok: bool = True,
) -> str:
    i18n = _i18n(runtime)
    assert viewer.person is not None
    card = await render_ticket_card(
        CardContext(session, i18n, runtime.settings, ticket, viewer.person, viewer.roles)
    )
    out = [
        f'<div class="card-view" data-ticket="{ticket.id}" '
        f'data-stage="{escape(ticket.stage_key)}">',
        f'<button type="button" class="back">{escape(i18n.plain("board-back"))}</button>',
    ]
    if message:
        out.append(f'<p class="result {"ok" if ok else "refused"}">{escape(message)}</p>')
    # The card's text is the bot's Telegram HTML: user text in it is already escaped.
    out.append(f'<div class="card-text">{card.text}</div><div class="actions">')
    actions = 0
    if _may_take(ticket, viewer.roles):
        actions += 1
        out.append(
            f'<button type="button" class="act" data-action="take">'
            f"{escape(i18n.plain('board-take'))}</button>"
        )
    if rights.sees_all(viewer.roles) and ticket.closed_at is None:
        executors = {e.person.id: e for e in await queries.executors(session)}
        ordered = manual_candidates(
            runtime.settings.workflow.assignment,
            [e.candidate for e in executors.values()],
            ticket.category,
        )
        if ordered:
            actions += 1
            options = "".join(
                f'<option value="{c.person_id}">'
                + escape(
                    i18n.plain(
                        "board-pick-label",
                        name=executors[c.person_id].person.full_name,
                        load=executors[c.person_id].open_load,
                        available="yes" if c.available else "no",
                    )
                )
                + "</option>"
                for c in ordered
            )
            out.append(
                f'<form class="assign" data-action="assign"><label>'
                f"{escape(i18n.plain('board-assign-choose'))} "
                f'<select name="executor">{options}</select></label>'
                f'<button type="submit">{escape(i18n.plain("board-assign"))}</button></form>'
            )
    if not actions:
        out.append(f'<p class="hint">{escape(i18n.plain("board-no-actions"))}</p>')
    out.append("</div></div>")
    return "".join(out)


def _html(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/html", charset="utf-8")


async def show(request: web.Request) -> web.Response:
    runtime = _runtime(request)
    async with runtime.session_factory() as session, session.begin():
        viewer = await viewer_of(request, session, runtime.settings)
        ticket = await _ticket(session, request, viewer)
        body = await _card_html(session, runtime, viewer, ticket)
    return _html(body)


async def act(request: web.Request) -> web.Response:
    """``take`` (an executor's "take", or a managing executor taking it themselves) or
    ``assign`` (managers: the chosen executor); refusals come back as the bot words them."""
    runtime = _runtime(request)
    if not request.headers.get(INIT_DATA_HEADER):
        raise unauthorized()  # before reading the body
    form = await request.post()
    stage = str(form.get("stage", ""))
    action = request.match_info["action"]
    i18n = _i18n(runtime)
    async with runtime.session_factory() as session, session.begin():
        viewer = await viewer_of(request, session, runtime.settings)
        ticket = await _ticket(session, request, viewer)
        person = viewer.person
        assert person is not None
        work = work_context(session, i18n, runtime.settings)
        refusal: Msg | None
        if action == "take":
            refusal = await take(work, ticket, person, viewer.roles, stage)
            if (
                refusal is not None
                and refusal.key == "work-not-offered"
                and rights.sees_all(viewer.roles)
                and Role.EXECUTOR in viewer.roles
            ):
                refusal = await pick(work, ticket, person, person.id, stage)
            done = Msg("board-taken-ok", {"number": ticket.number})
        else:
            if not rights.sees_all(viewer.roles):
                raise forbidden()
            executor_id = str(form.get("executor", ""))
            if not executor_id.isdigit() or len(executor_id) > 9:
                refusal = Msg("work-not-executor")
                done = refusal
            else:
                refusal = await pick(work, ticket, person, int(executor_id), stage)
                executor = await session.get(Person, int(executor_id))
                name = executor.full_name if executor is not None else ""
                done = Msg("board-assigned-ok", {"number": ticket.number, "name": name})
        if refusal is None:
            await session.flush()
            await session.refresh(ticket)
        message = i18n.plain_msg(refusal or done)
        body = await _card_html(session, runtime, viewer, ticket, message, ok=refusal is None)
    if refusal is None:
        runtime.wake_outbox()
        feed_of(request).notify()
    return _html(body)
