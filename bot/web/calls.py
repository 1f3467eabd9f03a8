"""``POST /api/calls``: the telephony reports a call; the operators on duty (or the one named)
get «📞 Звонок: +7 921 555-01-01» with the caller's open and recent tickets and a «Создать
заявку» button (carrying the call's id) that opens the ticket form with the phone filled in.

Authorised by an API key with the ``create`` scope (``bot.api.auth``, checked in its own short
transaction). The call, the messages (through the outbox) and the audit entry are then written
in one transaction; the answer is 202
with the call's id and how many operators were told.
"""

from __future__ import annotations

import json
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web

from bot.api.auth import RUNTIME, endpoint, require_scope
from bot.api.errors import api_error
from bot.app import Runtime
from bot.i18n import Translator, get_translator
from bot.views.callbacks import CallCb
from db.models import Person
from services import outbox
from services.audit import AuditAction, record
from services.webhooks import calls

PATH = "/api/calls"
SCOPE = "create"


def setup(app: web.Application, runtime: Runtime) -> None:
    app.router.add_post(PATH, report_call)


async def _payload(request: web.Request) -> dict[str, Any]:
    try:
        raw = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise api_error(400, "bad_json", "The body is not JSON.") from exc
    if not isinstance(raw, dict):
        raise api_error(422, "invalid", "A JSON object is expected.", {"body": "not an object"})
    return raw


def call_message(
    i18n: Translator, call: calls.Call, operator: Person
) -> tuple[str, dict[str, Any]]:
    lines = [i18n("webhooks-call", phone=call.phone)]
    if call.line:
        lines.append(i18n("webhooks-call-line", line=call.line))
    if call.tickets:
        lines.append(i18n("webhooks-call-tickets"))
        roles = operator.role_set
        for ticket in call.tickets:
            subject = ticket.subject_for(operator.id, roles)
            lines.append(
                i18n(
                    "webhooks-call-ticket",
                    number=ticket.number,
                    stage=ticket.stage,
                    subject=subject or "…",
                )
            )
    else:
        lines.append(i18n("webhooks-call-no-tickets"))
    button = InlineKeyboardButton(
        text=i18n.plain("webhooks-call-btn-create"), callback_data=CallCb(id=call.id).pack()
    )
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    return "\n".join(lines), markup.model_dump(exclude_none=True)


async def report_call(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    principal = await require_scope(request, SCOPE)  # its own short transaction
    payload = await _payload(request)
    i18n = get_translator(runtime.settings.company.locale)
    async with runtime.session_factory() as session, session.begin():
        try:
            call = await calls.register(
                session,
                phone=payload.get("phone"),
                line=payload.get("line"),
                operator_id=payload.get("operator_id"),
                api_key_id=principal.key_id,
            )
        except calls.CallError as exc:
            raise api_error(422, "invalid", exc.detail, {exc.field: exc.detail}) from exc
        for operator in call.operators:
            assert operator.telegram_id is not None  # selected so
            text, markup = call_message(i18n, call, operator)
            outbox.enqueue(session, operator.telegram_id, text, markup)
        await record(
            session,
            principal.actor,
            AuditAction.API_CALL,
            details={
                "endpoint": endpoint(request),
                "call_id": call.id,
                "told": len(call.operators),
            },
        )
    runtime.wake_outbox()
    return web.json_response({"call_id": call.id, "told": len(call.operators)}, status=202)
