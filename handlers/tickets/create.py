"""Creating a ticket: /new or the new-ticket button starts one data-driven current-field window."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import RequestContext, request_context, started_with
from bot.filters import HasRole
from bot.views.callbacks import MenuCb, row_id
from bot.views.dialog_text import Tr, TrPlain
from bot.views.menu import after_ticket_created, menu_message
from bot.views.ru_calendar import RuCalendar
from bot.views.ticket_card import send_ticket_card
from db.models import Role
from handlers.tickets import create_steps as steps
from handlers.tickets.create_view import field_getter, pick_getter, summary_getter
from handlers.tickets.draft import (
    DRAFT,
    PREFILL,
    TicketSG,
    answered_fields,
    load,
    set_error,
    show,
)
from handlers.tickets.duplicates import on_open_duplicate
from services.deadlines.planner import planner_for
from services.fields import Draft
from services.tickets import rights
from services.tickets.creation import create_from_values
from services.work.routing import choose_route, route_new

RETURN_TO = "cancel_return_to"


def create_router() -> Router:
    router = Router(name="ticket-create")
    router.message.register(new_ticket_command, Command("new"))
    router.callback_query.register(new_ticket_menu, MenuCb.filter(F.item == "new_ticket"))
    dialog = create_ticket_dialog()
    # Roles come from the database on every update; the actions re-check them too.
    dialog.message.filter(HasRole(Role.OPERATOR))
    dialog.callback_query.filter(HasRole(Role.OPERATOR))
    router.include_router(dialog)
    return router


async def new_ticket_command(
    message: Message, ctx: RequestContext, dialog_manager: DialogManager
) -> None:
    if not rights.can_create(ctx.roles):
        await message.answer(ctx.i18n("ticket-create-no-rights"))
        return
    await dialog_manager.start(TicketSG.field, mode=StartMode.RESET_STACK)


async def new_ticket_menu(
    callback: CallbackQuery, ctx: RequestContext, dialog_manager: DialogManager
) -> None:
    if not rights.can_create(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-create-no-rights"), show_alert=True)
        return
    await callback.answer()
    await dialog_manager.start(TicketSG.field, mode=StartMode.RESET_STACK)


async def _on_start(_start_data: Any, manager: DialogManager) -> None:
    form = await load(manager)
    given = started_with(manager, PREFILL)
    draft = (
        Draft.prefilled(form.field_set, given)
        if isinstance(given, dict)
        else Draft.start(form.field_set)
    )
    manager.dialog_data[DRAFT] = draft.to_dict()
    if draft.at_summary:
        await manager.switch_to(TicketSG.summary)


async def _on_create(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    if ctx.person is None or not rights.can_create(ctx.roles):
        await callback.answer(ctx.i18n.plain("ticket-create-no-rights"), show_alert=True)
        return
    form = await load(manager)
    if not form.draft.at_summary:  # the field set changed: a new required field must be asked
        await callback.answer(ctx.i18n.plain("ticket-fields-changed"), show_alert=True)
        await show(manager, form.draft)
        return
    routing = await choose_route(ctx.work, form.draft.values)
    ticket = await create_from_values(
        ctx.session,
        author_id=ctx.person.id,
        field_set_row=form.row,
        field_set=form.field_set,
        values=form.draft.values,
        planner=planner_for(ctx.settings.deadlines),
        assignee_id=routing.assignee_id,
        assignment_mode=routing.mode.value,
    )
    await route_new(ctx.work, ticket, routing)
    await manager.done()  # aiogram-dialog answers the button's query
    header = ctx.i18n("ticket-created", number=ticket.number)
    await send_ticket_card(ctx.bot, callback.from_user.id, ctx.card(ticket), header=header)
    # A next step of its own, so that starting the next form never takes the card's buttons.
    await ctx.bot.send_message(
        callback.from_user.id,
        ctx.i18n("dayone-next-step"),
        reply_markup=after_ticket_created(ctx.i18n),
    )


async def _on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if answered_fields(manager.dialog_data):
        # Answers would be lost: ask first, and come back to where the person was.
        manager.dialog_data[RETURN_TO] = manager.current_context().state.state
        await callback.answer()
        await manager.switch_to(TicketSG.cancel)
        return
    await _drop_draft(callback, _button, manager)


async def _drop_draft(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    await callback.answer()
    await manager.done()
    if not isinstance(callback.message, Message):
        return
    text = ctx.i18n("ticket-draft-cancelled")
    if ctx.person is not None and ctx.roles:
        menu_text, markup = menu_message(ctx.i18n, ctx.person, ctx.roles)
        await callback.message.answer(f"{text}\n\n{menu_text}", reply_markup=markup)
    else:
        await callback.message.answer(text)


async def _keep_draft(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    back = manager.dialog_data.pop(RETURN_TO, None)
    await manager.switch_to(TicketSG.summary if back == TicketSG.summary.state else TicketSG.field)


async def _on_pick(
    _callback: CallbackQuery, _widget: Any, manager: DialogManager, key: str
) -> None:
    form = await load(manager)
    try:
        draft = form.draft.edit(form.field_set, key)
    except ValueError:
        draft = form.draft
    set_error(manager, None)
    await show(manager, draft)


def _first(pair: tuple[int, str]) -> int:
    return pair[0]


def _nav_row() -> Row:
    item = Format("{item[1]}")
    return Row(
        Button(TrPlain("btn-back"), id="back", on_click=steps.on_back),
        Select(item, "skip", _first, "skip", row_id, steps.on_skip, when="optional"),
        Select(item, "keep", _first, "keep", row_id, steps.on_keep, when="has_value"),
        Button(TrPlain("btn-cancel"), id="cancel", on_click=_on_cancel),
    )


def create_ticket_dialog() -> Dialog:
    item = Format("{item[1]}")
    return Dialog(
        Window(
            Format("{body}"),
            Group(
                Select(item, "ch", _first, "choices", row_id, steps.on_choice),
                width=2,
                when="is_choice",
            ),
            Group(
                Select(item, "tg", _first, "toggles", row_id, steps.on_toggle),
                width=2,
                when="is_multi",
            ),
            Row(
                Select(item, "yn", _first, "yes_no", row_id, steps.on_yes_no),
                when="is_yes_no",
            ),
            RuCalendar(id="cal", on_click=steps.on_date, when="is_date"),
            Button(
                TrPlain("ticket-btn-done"),
                id="done",
                on_click=steps.on_done,
                when=F["is_multi"] | F["is_files"],
            ),
            _nav_row(),
            MessageInput(steps.on_input),
            state=TicketSG.field,
            getter=field_getter,
        ),
        Window(
            Format("{body}"),
            Group(
                Select(item, "dup", lambda x: x[0], "duplicates", row_id, on_open_duplicate),
                width=3,
            ),
            Button(TrPlain("ticket-btn-create"), id="create", on_click=_on_create),
            SwitchTo(TrPlain("ticket-btn-edit-draft"), id="edit", state=TicketSG.pick),
            Button(TrPlain("btn-cancel"), id="cancel", on_click=_on_cancel),
            MessageInput(steps.on_input),
            state=TicketSG.summary,
            getter=summary_getter,
        ),
        Window(
            Tr("ticket-pick-field"),
            Column(Select(item, "pick", lambda x: x[0], "fields", str, _on_pick)),
            SwitchTo(TrPlain("btn-back"), id="pick_back", state=TicketSG.summary),
            state=TicketSG.pick,
            getter=pick_getter,
        ),
        Window(
            Tr("dayone-draft-cancel-confirm"),
            Row(
                Button(TrPlain("dayone-btn-drop-draft"), id="drop", on_click=_drop_draft),
                Button(TrPlain("dayone-btn-keep-draft"), id="keep", on_click=_keep_draft),
            ),
            state=TicketSG.cancel,
        ),
        on_start=_on_start,
    )
