"""The integration API's routes under ``/api/v1``, the schema and the docs page.

Each request is one transaction: the key is checked, the action done and audited, and the
messages it causes (the executor told about a new ticket, the other side about a comment)
written to the outbox; the delivery loop is woken once it commits.

The key comes first: without a valid one the answer is 401 whatever the request holds, and
nothing in its path, query, headers or body is judged (then 403 for a missing scope, 429 over
the limit). A body is read before the transaction, so that no connection waits for it, but is
judged only after the key (:class:`_Body`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api import openapi
from bot.api.auth import RUNTIME, ApiPrincipal, authenticate, endpoint, setup_auth
from bot.api.errors import api_error
from bot.api.models import (
    CommentCreate,
    CommentOut,
    Error,
    HistoryItem,
    PersonRef,
    StaffList,
    StaffMember,
    Stage,
    TicketCreate,
    TicketList,
    TicketOut,
    TicketSummary,
)
from bot.app import Runtime
from bot.i18n import Translator, get_translator
from bot.views.long_text import split_text
from bot.views.notifier import open_keyboard, work_context
from db.models import Person, Role, Ticket
from services import outbox, people
from services.api import tickets as api_tickets
from services.api.keys import Scope
from services.audit import AuditAction, record
from services.audit.tickets import audited_by_caller
from services.tickets import comments, queries
from services.tickets.creation import create_from_values
from services.tickets.definitions import workflow_of
from services.tickets.fieldsets import current_fields
from services.tickets.lifecycle import settle_number
from services.work.routing import choose_route, route_new

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


CREATE_TURN: web.AppKey[asyncio.Lock] = web.AppKey("api_create_turn", asyncio.Lock)
# A process works on this many creates at a time; the others wait in memory, not holding a
# connection. Its CPU is the limit (a create uses some 12 ms of it), and more creates at once
# only stretch the one that holds the ticket counter's row, which the other processes' creates
# (bot/web/workers.py) wait for: with 2, two processes make ~110 a second, without a limit ~95.
CREATES_IN_FLIGHT = 2
CREATES_AT_ONCE: web.AppKey[asyncio.Semaphore] = web.AppKey(
    "api_creates_at_once", asyncio.Semaphore
)


class _Turn:
    """A create's turn at the end of its transaction: taken inside, given back after it."""

    def __init__(self, lock: asyncio.Lock) -> None:
        self._lock = lock
        self._held = False

    async def take(self) -> None:
        await self._lock.acquire()
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()


@web.middleware
async def json_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Under ``/api/``, every error is JSON: unknown paths, wrong methods, too large bodies and
    failures (logged with the route only: no path, query, header or body)."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.content_type == "application/json" or exc.status < 400:
            raise
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        code = codes.get(exc.status, "http_error")
        body = Error(error=code, detail=exc.reason).model_dump_json()
        return web.Response(text=body, status=exc.status, content_type="application/json")
    except Exception:
        log.exception("api request failed", extra={"endpoint": endpoint(request)})
        failed = Error(error="internal", detail="The request failed; it was logged.")
        return web.Response(
            text=failed.model_dump_json(), status=500, content_type="application/json"
        )


def setup(app: web.Application, runtime: Runtime) -> None:
    app[RUNTIME] = runtime
    app[CREATE_TURN] = asyncio.Lock()
    app[CREATES_AT_ONCE] = asyncio.Semaphore(CREATES_IN_FLIGHT)
    app.middlewares.append(json_errors)
    setup_auth(app, runtime)
    app.router.add_post(f"{PREFIX}/tickets", create_ticket)
    app.router.add_get(f"{PREFIX}/tickets", list_tickets)
    app.router.add_get(PREFIX + "/tickets/{number}", get_ticket)
    app.router.add_post(PREFIX + "/tickets/{number}/comments", add_comment)
    app.router.add_get(f"{PREFIX}/staff", list_staff)
    app.router.add_get("/api/openapi.json", openapi.schema_view)
    app.router.add_get("/api/docs", openapi.docs_view)


async def _in_transaction(
    request: web.Request,
    scope: str,
    action: Callable[[AsyncSession, ApiPrincipal], Awaitable[T]],
) -> T:
    """``action`` in one transaction after the key is checked; a 403's audit entry commits."""
    runtime = request.app[RUNTIME]
    denied: web.HTTPException | None = None
    async with runtime.session_factory() as session, session.begin():
        try:
            principal = await authenticate(session, request, scope)
        except web.HTTPForbidden as exc:
            denied = exc
        else:
            return await action(session, principal)
    assert denied is not None
    raise denied


def _json(model: BaseModel, status: int = 200) -> web.Response:
    return web.Response(
        text=model.model_dump_json(), status=status, content_type="application/json"
    )


class _Body:
    """A request's JSON body, read before its key is checked and judged after: what is wrong
    with it (not JSON, too large, not fitting the schema) is told only to a valid key."""

    def __init__(self, raw: Any = None, error: web.HTTPException | None = None) -> None:
        self._raw = raw
        self._error = error

    @classmethod
    async def read(cls, request: web.Request) -> _Body:
        try:
            return cls(await request.json())
        except (json.JSONDecodeError, UnicodeDecodeError):
            return cls(error=api_error(400, "bad_json", "The body is not JSON."))
        except web.HTTPRequestEntityTooLarge as exc:  # over client_max_size
            return cls(error=exc)

    def parse(self, model: type[M]) -> tuple[M, Any]:
        """The body as ``model``, and as sent; raises the JSON 400 / 413 / 422."""
        if self._error is not None:
            raise self._error
        try:
            return model.model_validate(self._raw), self._raw
        except ValidationError as exc:
            fields = {
                ".".join(str(part) for part in error["loc"]) or "body": error["msg"]
                for error in exc.errors()
            }
            raise api_error(
                422, "validation_failed", "The body does not fit the schema.", fields
            ) from exc


def _number(request: web.Request) -> int:
    raw = request.match_info["number"]
    if not raw.isdigit() or len(raw) > 9:
        raise api_error(404, "not_found", "No such ticket.")
    return int(raw)


def _i18n(request: web.Request) -> Translator:
    return get_translator(request.app[RUNTIME].settings.company.locale)


# Views of tickets -------------------------------------------------------------------------


def _stage(ticket: Ticket) -> Stage:
    found = workflow_of(ticket.workflow).get(ticket.stage_key)
    return Stage(key=ticket.stage_key, name=found.name if found else ticket.stage_key)


def _person(person_id: int | None, names: dict[int, Person], *, named: bool) -> PersonRef | None:
    if person_id is None:
        return None
    person = names.get(person_id)
    return PersonRef(id=person_id, name=person.full_name if person and named else None)


def _summary(ticket: Ticket, names: dict[int, Person], *, full: bool) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "stage": _stage(ticket),
        "category": ticket.category,
        "priority": ticket.priority,
        "subject": ticket.subject if full else "",
        "assignee": _person(ticket.assignee_id, names, named=full),
        "created_at": ticket.created_at,
        "closed_at": ticket.closed_at,
        "deadline_at": ticket.deadline_at,
    }


async def ticket_view(
    session: AsyncSession, ticket: Ticket, principal: ApiPrincipal, *, with_history: bool = True
) -> TicketOut:
    """The ticket as this key may see it: personal data and history only with ``read``
    (the answer to a create has no history: GET the ticket for it)."""
    full = principal.has(Scope.READ)
    events = await queries.history(session, ticket.id) if full and with_history else []
    names: dict[int, Person] = {}
    if events:
        names = await people.by_ids(
            session, [ticket.assignee_id, *(event.actor_id for event in events)]
        )
    elif ticket.assignee_id is not None:
        # Usually loaded already (the notifier told them): no query then.
        assignee = await session.get(Person, ticket.assignee_id)
        names = {assignee.id: assignee} if assignee is not None else {}
    values = dict(ticket.values)
    if not full:
        values = api_tickets.without(values, api_tickets.personal_keys(ticket.field_set))
    history = [
        HistoryItem(
            at=event.at,
            kind=event.kind,
            actor=_person(event.actor_id, names, named=True),
            from_stage=event.from_stage,
            to_stage=event.to_stage,
            text=event.text,
        )
        for event in events
    ]
    return TicketOut(
        **_summary(ticket, names, full=full),
        outcome=ticket.outcome,
        values=values,
        history=history,
    )


# Endpoints ----------------------------------------------------------------------------------


async def create_ticket(request: web.Request) -> web.Response:
    body = await _Body.read(request)
    runtime = request.app[RUNTIME]
    settings = runtime.settings
    i18n = _i18n(request)

    async def action(session: AsyncSession, principal: ApiPrincipal) -> web.Response:
        payload, raw = body.parse(TicketCreate)
        idempotency_key = request.headers.get("Idempotency-Key")
        if idempotency_key is not None and not (
            0 < len(idempotency_key) <= api_tickets.IDEMPOTENCY_KEY_LIMIT
        ):
            raise api_error(400, "bad_idempotency_key", "Idempotency-Key: 1 to 200 characters.")
        if principal.author_id is None:
            raise api_error(
                409, "no_author", "Set [api] author_person_id: the key's creator is gone."
            )
        if idempotency_key is not None:
            earlier = await api_tickets.claim_idempotency_key(
                session, principal.key_id, idempotency_key, api_tickets.request_hash(raw)
            )
            if earlier is not None:
                if earlier.request_hash != api_tickets.request_hash(raw):
                    raise api_error(
                        409,
                        "idempotency_key_reused",
                        "This Idempotency-Key was used with another body.",
                    )
                ticket = await queries.by_id(session, earlier.ticket_id or 0)
                if ticket is None:
                    raise api_error(404, "not_found", "The ticket is gone.")
                await record(
                    session,
                    principal.actor,
                    AuditAction.API_CALL,
                    ticket_number=ticket.number,
                    details={"endpoint": endpoint(request), "replayed": True},
                )
                return _json(await ticket_view(session, ticket, principal, with_history=False), 200)
        # Checked once the key is claimed: a repeat gets its ticket even if the form changed
        # since; a refusal rolls the claim back, so the key stays free for a corrected body.
        row, field_set = await current_fields(session, settings.tickets.field_set)
        tz = settings.company.tz
        checked = api_tickets.check_values(
            field_set, payload.values, tz=tz, today=datetime.now(tz).date()
        )
        if checked.errors:
            fields = {key: i18n.plain_msg(msg) for key, msg in checked.errors.items()}
            raise api_error(422, "validation_failed", "Some values are not accepted.", fields)
        work = work_context(session, i18n, settings)
        # From here to the commit this process's creates take turns: the number's counter row
        # is locked from the number to the commit (on SQLite, where the executor is chosen in
        # this transaction, the round-robin cursor from the choice), and they do not queue on
        # those locks with a connection each, the holder waiting for the event loop behind all
        # of them. What came before runs side by side. On PostgreSQL the choice commits apart.
        await turn.take()
        routing = await choose_route(work, checked.values, apart=runtime.session_factory)
        with audited_by_caller(session, principal.author_id):  # below, under the key
            ticket = await create_from_values(
                session,
                author_id=principal.author_id,
                field_set_row=row,
                field_set=field_set,
                values=checked.values,
                planner=work.planner,
                number_later=True,
                assignee_id=routing.assignee_id,
                assignment_mode=routing.mode.value,
            )
        if idempotency_key is not None:
            await api_tickets.settle(session, principal.key_id, idempotency_key, ticket.id)
        await settle_number(session, ticket)
        await route_new(work, ticket, routing)
        await record(
            session,
            principal.actor,
            AuditAction.TICKET_CREATED,
            ticket_number=ticket.number,
            details={"endpoint": endpoint(request)},
        )
        return _json(await ticket_view(session, ticket, principal, with_history=False), 201)

    turn = _Turn(request.app[CREATE_TURN])
    try:
        async with request.app[CREATES_AT_ONCE]:
            response = await _in_transaction(request, Scope.CREATE, action)
    finally:
        turn.release()  # after the commit (or the rollback)
    if response.status == 201:
        runtime.wake_outbox()
    return response


async def get_ticket(request: web.Request) -> web.Response:
    async def action(session: AsyncSession, principal: ApiPrincipal) -> web.Response:
        ticket = await queries.by_number(session, _number(request))
        if ticket is None:
            raise api_error(404, "not_found", "No such ticket.")
        await record(
            session,
            principal.actor,
            AuditAction.CARD_VIEWED,
            ticket_number=ticket.number,
            details={"endpoint": endpoint(request)},
        )
        return _json(await ticket_view(session, ticket, principal))

    return await _in_transaction(request, Scope.READ, action)


def _when(request: web.Request, name: str, *, end: bool) -> datetime | None:
    """A date (the company's whole day; ``end``: up to its end) or an ISO date and time."""
    raw = request.query.get(name)
    if not raw:
        return None
    tz = request.app[RUNTIME].settings.company.tz
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            at = datetime.combine(day + timedelta(days=1) if end else day, time(), tz)
        else:
            at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            at = at if at.tzinfo is not None else at.replace(tzinfo=tz)
    except ValueError as exc:
        raise api_error(
            422,
            "validation_failed",
            "Dates: 2026-12-05 or 2026-12-05T14:30:00+03:00.",
            {name: "not a date"},
        ) from exc
    return at


def _listing(request: web.Request) -> tuple[int, int | None, api_tickets.TicketFilter]:
    """The page size, where to continue and the filter from the query; raises the JSON 422."""
    query = request.query
    try:
        limit = int(query.get("limit", api_tickets.DEFAULT_LIMIT))
    except ValueError:
        limit = 0
    if not 1 <= limit <= api_tickets.MAX_LIMIT:
        raise api_error(422, "validation_failed", "limit: 1 to 100.", {"limit": "1 to 100"})
    before = None
    if query.get("cursor"):
        try:
            before = api_tickets.decode_cursor(query["cursor"])
        except api_tickets.BadCursorError as exc:
            raise api_error(
                422, "validation_failed", "Unknown cursor.", {"cursor": "not a cursor"}
            ) from exc
    wanted = api_tickets.TicketFilter(
        stage=query.get("stage") or None,
        category=query.get("category") or None,
        created_from=_when(request, "created_from", end=False),
        created_to=_when(request, "created_to", end=True),
        phone=query.get("phone") or None,
        address=query.get("address") or None,
        q=query.get("q") or None,
    )
    return limit, before, wanted


async def list_tickets(request: web.Request) -> web.Response:
    async def action(session: AsyncSession, principal: ApiPrincipal) -> web.Response:
        limit, before, wanted = _listing(request)
        rows, more = await api_tickets.list_tickets(session, wanted, limit=limit, before=before)
        names = await people.by_ids(session, [row.assignee_id for row in rows])
        await record(
            session,
            principal.actor,
            AuditAction.API_CALL,
            details={"endpoint": endpoint(request), "count": len(rows)},
        )
        items = [TicketSummary(**_summary(row, names, full=True)) for row in rows]
        cursor = api_tickets.encode_cursor(more) if more is not None else None
        return _json(TicketList(items=items, next_cursor=cursor))

    return await _in_transaction(request, Scope.READ, action)


async def add_comment(request: web.Request) -> web.Response:
    body = await _Body.read(request)
    runtime = request.app[RUNTIME]
    i18n = _i18n(request)

    async def action(session: AsyncSession, principal: ApiPrincipal) -> web.Response:
        number = _number(request)
        payload, _raw = body.parse(CommentCreate)
        text = payload.text.strip()
        if not text:
            raise api_error(422, "validation_failed", "An empty comment.", {"text": "empty"})
        if principal.author_id is None:
            raise api_error(
                409, "no_author", "Set [api] author_person_id: the key's creator is gone."
            )
        ticket = await queries.by_number(session, number)
        if ticket is None:
            raise api_error(404, "not_found", "No such ticket.")
        with audited_by_caller(session, principal.author_id):  # below, under the key
            event = await comments.add_comment(session, ticket, principal.author_id, text)
        note = i18n("ticket-notify-comment", number=ticket.number, name=principal.name, text=text)
        markup = open_keyboard(i18n, ticket).model_dump(exclude_none=True)
        targets = comments.other_side(ticket, principal.author_id)
        chunks = split_text(note)
        for chat_id in await comments.chat_ids(session, targets):
            for index, chunk in enumerate(chunks):
                outbox.enqueue(
                    session,
                    chat_id,
                    chunk,
                    markup if index == len(chunks) - 1 else None,
                    dedupe_key=f"api-comment:{event.id}:{chat_id}:{index}",
                )
        await record(
            session,
            principal.actor,
            AuditAction.TICKET_CHANGED,
            ticket_number=ticket.number,
            details={"endpoint": endpoint(request), "comment_event_id": event.id},
        )
        return _json(CommentOut(ticket_number=ticket.number, at=event.at, text=text), 201)

    response = await _in_transaction(request, Scope.COMMENT, action)
    runtime.wake_outbox()
    return response


async def list_staff(request: web.Request) -> web.Response:
    async def action(session: AsyncSession, principal: ApiPrincipal) -> web.Response:
        found = await api_tickets.staff(session)
        await record(
            session,
            principal.actor,
            AuditAction.API_CALL,
            details={"endpoint": endpoint(request), "count": len(found)},
        )
        items = [
            StaffMember(
                id=person.id,
                name=person.full_name,
                position=person.position,
                department=person.department,
                roles=[role.value for role in Role if role in person.role_set],
                available=person.is_available,
            )
            for person in found
        ]
        return _json(StaffList(items=items))

    return await _in_transaction(request, Scope.READ, action)
