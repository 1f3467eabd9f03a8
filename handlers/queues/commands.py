"""/queues and the «📋 Очереди» menu entry open the queues screen."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode

from bot.views.callbacks import MenuCb
from handlers.queues.getters import QueuesSG


def create_router() -> Router:
    router = Router(name="queues-open")
    router.message.register(open_command, Command("queues"))
    router.callback_query.register(open_menu, MenuCb.filter(F.item == "queues"))
    return router


async def open_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(QueuesSG.menu, mode=StartMode.RESET_STACK)


async def open_menu(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(QueuesSG.menu, mode=StartMode.RESET_STACK)
