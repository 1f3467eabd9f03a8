"""The queues dialogue: the four queues with counts → a queue's page (◀️ ▶️, filters by
category and executor) → a row sends the ticket card. Every screen below the first has a
way back, every screen «✖️ Закрыть»; /cancel works anywhere."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Const, Format

from bot.context import request_context
from bot.views.callbacks import row_id
from bot.views.dialog_text import Tr, TrPlain
from bot.views.ticket_card import send_ticket_card
from db.base import utcnow
from handlers.queues.getters import (
    QueuesSG,
    category_getter,
    category_key,
    current_filter,
    current_queue,
    executor_getter,
    list_getter,
    menu_getter,
)
from handlers.tickets.loading import visible_ticket
from services.tickets import queues


async def _on_queue(callback: CallbackQuery, _w: Any, manager: DialogManager, kind: str) -> None:
    if not queues.is_queue(kind):
        ctx = request_context(manager)
        await callback.answer(ctx.i18n.plain("queues-unknown-queue"), show_alert=True)
        return
    # Filters start afresh, so the list shows what the count on the button promised.
    manager.dialog_data.update(queue=kind, page=0, category=None, executor=None)
    await manager.switch_to(QueuesSG.list)


async def _prev_page(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["page"] = int(manager.dialog_data.get("page", 0)) - 1


async def _next_page(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["page"] = int(manager.dialog_data.get("page", 0)) + 1


async def _on_row(callback: CallbackQuery, _w: Any, manager: DialogManager, ticket_id: int) -> None:
    ctx = request_context(manager)
    ticket = await visible_ticket(ctx, ticket_id=int(ticket_id))
    if ticket is None:
        await callback.answer(ctx.i18n.plain("ticket-not-available-button"), show_alert=True)
        return
    await callback.answer()
    await send_ticket_card(ctx.bot, callback.from_user.id, ctx.card(ticket))


async def _on_category(callback: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    ctx = request_context(manager)
    found = await queues.categories(
        ctx.session, current_queue(manager), utcnow(), current_filter(manager)
    )
    chosen = next((c.value for c in found if category_key(c.value) == key), None)
    if chosen is None:
        await callback.answer(ctx.i18n.plain("queues-choice-gone"), show_alert=True)
        return
    manager.dialog_data.update(category=chosen, page=0)
    await manager.switch_to(QueuesSG.list)


async def _any_category(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(category=None, page=0)
    await manager.switch_to(QueuesSG.list)


async def _on_executor(
    callback: CallbackQuery, _w: Any, manager: DialogManager, person_id: int
) -> None:
    ctx = request_context(manager)
    found = await queues.executors(
        ctx.session, current_queue(manager), utcnow(), current_filter(manager)
    )
    if int(person_id) not in {e.person_id for e in found}:
        await callback.answer(ctx.i18n.plain("queues-choice-gone"), show_alert=True)
        return
    manager.dialog_data.update(executor=int(person_id), page=0)
    await manager.switch_to(QueuesSG.list)


async def _any_executor(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(executor=None, page=0)
    await manager.switch_to(QueuesSG.list)


def _choices(widget_id: str, items: str, type_factory: Any, on_click: Any) -> Column:
    """A column of buttons, one per ``(id, label)`` item of the window data."""
    return Column(
        Select(
            Format("{item[1]}"),
            id=widget_id,
            item_id_getter=lambda item: item[0],
            items=items,
            type_factory=type_factory,
            on_click=on_click,
        )
    )


def _to_list() -> SwitchTo:
    return SwitchTo(TrPlain("btn-back"), id="to_list", state=QueuesSG.list)


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("queues-title"),
            _choices("queue", "queues", str, _on_queue),
            Cancel(TrPlain("queues-btn-close")),
            state=QueuesSG.menu,
            getter=menu_getter,
        ),
        Window(
            Format("{body}"),
            _choices("row", "rows", row_id, _on_row),
            Row(
                Button(Const("◀️"), id="prev", on_click=_prev_page, when="has_prev"),
                Button(Const("▶️"), id="next", on_click=_next_page, when="has_next"),
            ),
            Row(
                SwitchTo(TrPlain("queues-btn-category"), id="by_cat", state=QueuesSG.category),
                SwitchTo(
                    TrPlain("queues-btn-executor"),
                    id="by_exec",
                    state=QueuesSG.executor,
                    when="show_executor",
                ),
            ),
            Row(
                SwitchTo(TrPlain("queues-btn-to-queues"), id="to_menu", state=QueuesSG.menu),
                Cancel(TrPlain("queues-btn-close")),
            ),
            state=QueuesSG.list,
            getter=list_getter,
        ),
        Window(
            Tr("queues-choose-category"),
            Tr("queues-choice-none", when="none"),
            _choices("cat", "choices", str, _on_category),
            Button(TrPlain("queues-all-categories"), id="any_cat", on_click=_any_category),
            Row(_to_list(), Cancel(TrPlain("queues-btn-close"))),
            state=QueuesSG.category,
            getter=category_getter,
        ),
        Window(
            Tr("queues-choose-executor"),
            Tr("queues-choice-none", when="none"),
            _choices("exec", "choices", row_id, _on_executor),
            Button(TrPlain("queues-all-executors"), id="any_exec", on_click=_any_executor),
            Row(_to_list(), Cancel(TrPlain("queues-btn-close"))),
            state=QueuesSG.executor,
            getter=executor_getter,
        ),
    )
