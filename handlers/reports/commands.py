"""/report, /export and the reports menu entry: a manager picks a period, gets the files."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode

from bot.filters import HasRole
from bot.views.callbacks import MenuCb
from handlers.reports.dialog import ALLOWED, ReportSG, create_report_dialog


def create_router() -> Router:
    router = Router(name="reports")
    router.message.filter(HasRole(*ALLOWED))
    router.callback_query.filter(HasRole(*ALLOWED))
    router.message.register(open_picker, Command("report"))
    router.message.register(open_export, Command("export"))
    router.message.register(open_journal, Command("journal"))
    router.callback_query.register(open_from_menu, MenuCb.filter(F.item.in_({"reports", "export"})))
    router.include_router(create_report_dialog())
    return router


async def open_picker(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(ReportSG.period, data={"mode": "report"}, mode=StartMode.RESET_STACK)


async def open_export(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(ReportSG.period, data={"mode": "export"}, mode=StartMode.RESET_STACK)


async def open_journal(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        ReportSG.period, data={"mode": "journal"}, mode=StartMode.RESET_STACK
    )


async def open_from_menu(
    callback: CallbackQuery, callback_data: MenuCb, dialog_manager: DialogManager
) -> None:
    await callback.answer()
    mode = "export" if callback_data.item == "export" else "report"
    await dialog_manager.start(ReportSG.period, data={"mode": mode}, mode=StartMode.RESET_STACK)
