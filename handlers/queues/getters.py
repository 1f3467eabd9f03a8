"""What the queues screens show: the four queues with counts, a queue's page, the choices
of the category and executor filters. The dialogue keeps the queue, page and filters."""

from __future__ import annotations

import hashlib
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog import DialogManager

from bot.context import RequestContext, request_context
from bot.views.ticket_rows import row_button_label, row_line
from db.base import utcnow
from services.tickets import queues
from services.tickets.queues import QueueFilter, QueueKind


class QueuesSG(StatesGroup):
    menu = State()
    list = State()
    category = State()
    executor = State()


def category_key(category: str) -> str:
    """A short id for a category in callback data (a category may be longer than 64 bytes)."""
    return hashlib.blake2s(category.encode(), digest_size=5).hexdigest()


def current_queue(manager: DialogManager) -> QueueKind:
    kind = manager.dialog_data.get("queue")
    return kind if queues.is_queue(kind) else "open"


def current_filter(manager: DialogManager) -> QueueFilter:
    category = manager.dialog_data.get("category")
    executor = manager.dialog_data.get("executor")
    return QueueFilter(
        category=category if isinstance(category, str) else None,
        executor_id=executor if isinstance(executor, int) else None,
    )


def queue_name(ctx: RequestContext, kind: QueueKind) -> str:
    return ctx.i18n.plain(f"queues-name-{kind}")


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    counts = await queues.counts(ctx.session, utcnow())
    items = [
        (kind, ctx.i18n.plain("queues-btn-queue", name=queue_name(ctx, kind), count=counts[kind]))
        for kind in queues.QUEUES
    ]
    return {"queues": items}


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    kind, flt = current_queue(dialog_manager), current_filter(dialog_manager)
    found = await queues.page(
        ctx.session, kind, utcnow(), flt, int(dialog_manager.dialog_data.get("page", 0))
    )
    dialog_manager.dialog_data["page"] = found.page
    lines = [
        ctx.i18n(
            "queues-list-title",
            name=queue_name(ctx, kind),
            count=found.total,
            page=found.page + 1,
            pages=found.pages,
        )
    ]
    if not found.rows:
        filtered = flt.category is not None or (
            flt.executor_id is not None and kind != "unassigned"
        )
        lines.append(ctx.i18n("queues-list-empty-filtered" if filtered else "queues-list-empty"))
    else:
        lines += [row_line(ctx.i18n, row, ctx.settings.company.tz) for row in found.rows]
        lines += ["", ctx.i18n("queues-list-hint")]
    buttons = [
        (
            row.ticket_id,
            row_button_label(ctx.i18n, row),
        )
        for row in found.rows
    ]
    all_label = ctx.i18n.plain("queues-filter-all")
    executor = all_label
    if flt.executor_id is not None:
        executor = await queues.executor_name(ctx.session, flt.executor_id) or all_label
    return {
        "body": "\n".join(lines),
        "rows": buttons,
        "has_prev": found.page > 0,
        "has_next": found.page + 1 < found.pages,
        "category": flt.category or all_label,
        "executor": executor,
        "show_executor": kind != "unassigned",
    }


async def category_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    kind, flt = current_queue(dialog_manager), current_filter(dialog_manager)
    found = await queues.categories(ctx.session, kind, utcnow(), flt)
    items = [
        (category_key(c.value), ctx.i18n.plain("queues-choice", name=c.value, count=c.count))
        for c in found
    ]
    return {"choices": items, "none": not items}


async def executor_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    kind, flt = current_queue(dialog_manager), current_filter(dialog_manager)
    found = await queues.executors(ctx.session, kind, utcnow(), flt)
    items = [
        (e.person_id, ctx.i18n.plain("queues-choice", name=e.name, count=e.count)) for e in found
    ]
    return {"choices": items, "none": not items}
