"""All routers, feature by feature, in the order they are tried.

The order matters here: ``common`` first (errors, /help, /cancel, and commands
typed inside a dialogue, which are not taken as answers); every feature's dialogues before
the handlers of free text and documents («№1024» in ``tickets``, the staff .xlsx in
``staff``); text nobody understood is a ticket search for those who may search; and the
fallback last, so nothing goes unanswered.
"""

from __future__ import annotations

from aiogram import F, Router

import handlers.api_keys
import handlers.audit
import handlers.board
import handlers.retention
import handlers.webhooks
from handlers import access, common, queues, reports, settings, staff, subject, tickets, work
from handlers.common import dialog_routing, fallback


def build_root_router() -> Router:
    root = Router(name="root")
    # The bot works in private chats only; group messages are not for it.
    root.message.filter(F.chat.type == "private")
    root.include_routers(
        common.create_router(),
        access.create_router(),
        work.create_router(),
        settings.create_router(),
        handlers.webhooks.create_router(),
        queues.create_router(),
        tickets.create_router(),
        reports.create_router(),
        staff.create_router(),
        handlers.api_keys.create_router(),
        subject.create_router(),
        handlers.audit.create_router(),
        handlers.board.create_router(),
        handlers.retention.create_router(),
        tickets.create_free_text_router(),
        fallback.create_router(),
    )
    dialog_routing.route_dialogues(root)
    return root
