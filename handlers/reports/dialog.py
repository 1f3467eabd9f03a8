"""The period picker of /report: quick periods or two dates from the calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import ChatEvent, Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Column, Row, SwitchTo

from bot.config import Settings
from bot.context import request_context, started_with
from bot.views.dialog_text import Tr, TrPlain
from bot.views.ru_calendar import RuCalendar
from db.models import MANAGING_ROLES
from handlers.reports.files import send_export, send_journal, send_report_files
from services.reports.period import (
    Period,
    PeriodKind,
    current_period,
    dates_period,
    previous_period,
)

ALLOWED = MANAGING_ROLES
# Button id -> (period kind, True for the period before the current one).
QUICK: dict[str, tuple[PeriodKind, bool]] = {
    "yesterday": ("day", True),
    "today": ("day", False),
    "week": ("week", True),
    "month": ("month", True),
    "this_month": ("month", False),
}


class ReportSG(StatesGroup):
    period = State()
    first = State()
    last = State()


def _mode(manager: DialogManager) -> str:
    return str(manager.dialog_data.get("mode") or started_with(manager, "mode") or "report")


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    first = dialog_manager.dialog_data.get("first")
    return {
        "is_report": _mode(dialog_manager) == "report",
        "is_export": _mode(dialog_manager) == "export",
        "is_journal": _mode(dialog_manager) == "journal",
        "not_report": _mode(dialog_manager) != "report",
        "not_export": _mode(dialog_manager) != "export",
        "not_journal": _mode(dialog_manager) != "journal",
        "first": date.fromisoformat(first).strftime("%d.%m.%Y") if first else "",
    }


async def _deliver(callback: CallbackQuery, manager: DialogManager, period: Period) -> None:
    ctx = request_context(manager)
    # The dialogue outlives updates: check the role now, not when it was opened.
    if not ALLOWED & ctx.roles or not isinstance(callback.message, Message):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await callback.answer(ctx.i18n.plain("report-building"))
    mode = _mode(manager)
    await manager.done()
    if mode == "export":
        await send_export(callback.message, ctx, period)
    elif mode == "journal":
        await send_journal(callback.message, ctx, period)
    else:
        await send_report_files(callback.message, ctx, period)


async def _on_quick(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    settings: Settings = request_context(manager).settings
    tz = settings.company.tz
    kind, previous = QUICK[str(button.widget_id)]
    now = datetime.now(tz)
    period = previous_period(kind, now, tz) if previous else current_period(kind, now.date(), tz)
    await _deliver(callback, manager, period)


async def _on_mode(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    modes = {"to_export": "export", "to_journal": "journal"}
    manager.dialog_data["mode"] = modes.get(str(button.widget_id), "report")
    await callback.answer()


async def _on_first(_event: ChatEvent, _w: Any, manager: DialogManager, day: date) -> None:
    manager.dialog_data["first"] = day.isoformat()
    await manager.switch_to(ReportSG.last)


async def _on_last(event: ChatEvent, _w: Any, manager: DialogManager, day: date) -> None:
    settings: Settings = request_context(manager).settings
    first = date.fromisoformat(manager.dialog_data["first"])
    if isinstance(event, CallbackQuery):
        await _deliver(event, manager, dates_period(first, day, settings.company.tz))


def create_report_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("report-choose"),
            Tr("report-mode-report", when="is_report"),
            Tr("report-mode-export", when="is_export"),
            Tr("journal-mode", when="is_journal"),
            Column(
                *(
                    Button(TrPlain(f"report-btn-{k.replace('_', '-')}"), id=k, on_click=_on_quick)
                    for k in QUICK
                )
            ),
            SwitchTo(TrPlain("report-btn-custom"), id="custom", state=ReportSG.first),
            Row(
                Button(
                    TrPlain("report-btn-mode-export"),
                    id="to_export",
                    on_click=_on_mode,
                    when="not_export",
                ),
                Button(
                    TrPlain("report-btn-mode-report"),
                    id="to_report",
                    on_click=_on_mode,
                    when="not_report",
                ),
            ),
            Button(
                TrPlain("journal-btn-mode"), id="to_journal", on_click=_on_mode, when="not_journal"
            ),
            Cancel(TrPlain("btn-cancel")),
            state=ReportSG.period,
            getter=_getter,
        ),
        Window(
            Tr("report-pick-start"),
            RuCalendar(id="first", on_click=_on_first),
            Row(Back(TrPlain("btn-back")), Cancel(TrPlain("btn-cancel"))),
            state=ReportSG.first,
            getter=_getter,
        ),
        Window(
            Tr("report-pick-end"),
            RuCalendar(id="last", on_click=_on_last),
            Row(Back(TrPlain("btn-back")), Cancel(TrPlain("btn-cancel"))),
            state=ReportSG.last,
            getter=_getter,
        ),
    )
