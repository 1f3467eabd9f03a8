"""Staff management dialog: list with search and filters, person card, roles, (de)activation.

Admins may change everything; managers see the list and cards and may only toggle a
person's availability (the actions re-check this on every press).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ContentType
from aiogram.filters import Command
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Multiselect,
    Row,
    ScrollingGroup,
    Select,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Const, Format

from bot.filters import HasRole
from bot.views.callbacks import MenuCb, row_id
from bot.views.dialog_text import Tr, TrPlain
from db.models import MANAGING_ROLES
from handlers.access.link import create_link_dialog
from handlers.staff import actions as act
from handlers.staff.getters import (
    StaffSG,
    card_getter,
    filters_getter,
    list_getter,
    positions_getter,
    role_filter_getter,
)


def create_router() -> Router:
    router = Router(name="staff")
    router.message.filter(HasRole(*MANAGING_ROLES))
    router.callback_query.filter(HasRole(*MANAGING_ROLES))
    router.message.register(open_command, Command("staff"))
    router.callback_query.register(open_menu, MenuCb.filter(F.item == "staff"))
    router.include_router(create_dialog())
    router.include_router(create_link_dialog())  # started from the access approval dialog
    return router


async def open_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(StaffSG.list, mode=StartMode.RESET_STACK)


async def open_menu(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(StaffSG.list, mode=StartMode.RESET_STACK)


def _back(state: State = StaffSG.list) -> SwitchTo:
    name = (state.state or "list").rsplit(":", 1)[-1]
    return SwitchTo(TrPlain("btn-back"), id=f"back_{name}", state=state)


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("staff-list"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="people",
                    item_id_getter=lambda item: item[0],
                    items="rows",
                    type_factory=row_id,
                    on_click=act.open_card,
                )
            ),
            Row(
                Button(Const("◀️"), id="prev", on_click=act.prev_page, when="has_prev"),
                Button(Const("▶️"), id="next", on_click=act.next_page, when="has_next"),
            ),
            Row(
                SwitchTo(TrPlain("staff-btn-search"), id="to_search", state=StaffSG.search),
                SwitchTo(TrPlain("staff-btn-filters"), id="to_filters", state=StaffSG.filters),
            ),
            Button(TrPlain("staff-btn-export"), id="export", on_click=act.export),
            Button(
                TrPlain("staff-btn-invite-all"),
                id="invite_all",
                on_click=act.invite_all,
                when="is_admin",
            ),
            Cancel(TrPlain("staff-btn-close")),
            state=StaffSG.list,
            getter=list_getter,
        ),
        Window(
            Tr("staff-search-prompt"),
            MessageInput(act.on_search, content_types=[ContentType.TEXT]),
            Button(TrPlain("staff-btn-clear-search"), id="clear", on_click=act.clear_search),
            _back(),
            state=StaffSG.search,
            getter=filters_getter,
        ),
        Window(
            Tr("staff-filters"),
            SwitchTo(TrPlain("staff-filter-position-btn"), id="pos", state=StaffSG.positions),
            SwitchTo(TrPlain("staff-filter-role-btn"), id="role", state=StaffSG.roles_filter),
            Button(TrPlain("staff-filter-linked-btn"), id="linked", on_click=act.cycle_linked),
            Button(TrPlain("staff-filter-active-btn"), id="active", on_click=act.cycle_active),
            Button(TrPlain("staff-btn-reset"), id="reset", on_click=act.reset_filters),
            SwitchTo(TrPlain("staff-btn-show"), id="show", state=StaffSG.list),
            state=StaffSG.filters,
            getter=filters_getter,
        ),
        Window(
            Tr("staff-choose-position"),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="position",
                    item_id_getter=lambda item: item[0],
                    items="positions",
                    type_factory=row_id,
                    on_click=act.pick_position,
                ),
                id="positions_scroll",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Button(TrPlain("staff-filter-any"), id="any_position", on_click=act.any_position),
            _back(StaffSG.filters),
            state=StaffSG.positions,
            getter=positions_getter,
        ),
        Window(
            Tr("staff-choose-role"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="role_pick",
                    item_id_getter=lambda item: item[0],
                    items="role_items",
                    on_click=act.pick_role,
                )
            ),
            Button(TrPlain("staff-filter-any"), id="any_role", on_click=act.any_role),
            _back(StaffSG.filters),
            state=StaffSG.roles_filter,
            getter=role_filter_getter,
        ),
        Window(
            Tr("staff-card", when="found"),
            Tr("staff-not-found", when="missing"),
            Button(
                TrPlain("staff-btn-roles"), id="roles", on_click=act.open_roles, when="is_admin"
            ),
            Button(
                TrPlain("staff-btn-shift"), id="shift", on_click=act.toggle_shift, when="can_shift"
            ),
            Button(
                TrPlain("staff-btn-invite"), id="invite", on_click=act.invite_one, when="can_invite"
            ),
            SwitchTo(
                TrPlain("staff-btn-deactivate"),
                id="off",
                state=StaffSG.confirm_off,
                when="can_deactivate",
            ),
            Button(
                TrPlain("staff-btn-reactivate"),
                id="on",
                on_click=act.reactivate,
                when="can_reactivate",
            ),
            _back(),
            state=StaffSG.card,
            getter=card_getter,
        ),
        Window(
            Tr("staff-roles-choose"),
            Column(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("⬜ {item[1]}"),
                    id="person_roles",
                    item_id_getter=lambda item: item[0],
                    items="role_items",
                )
            ),
            Row(
                Button(TrPlain("btn-save"), id="save_roles", on_click=act.save_roles),
                _back(StaffSG.card),
            ),
            state=StaffSG.roles,
            getter=card_getter,
        ),
        Window(
            Tr("staff-deactivate-confirm"),
            Row(
                Button(TrPlain("staff-btn-deactivate-yes"), id="off_yes", on_click=act.deactivate),
                _back(StaffSG.card),
            ),
            state=StaffSG.confirm_off,
            getter=card_getter,
        ),
        on_start=act.on_start,
    )
