"""/start: the main menu for known people, a way to ask for access for everyone else."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views import menu as keyboards
from bot.views.callbacks import MenuCb
from bot.views.commands import apply_commands
from bot.views.names import role_list
from db.models import Person, Role
from services import access


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    router.callback_query.register(home, MenuCb.filter(F.item == "home"))
    return router


async def start(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person | None,
    roles: frozenset[Role],
    dialog_manager: DialogManager,
    state: FSMContext,
) -> None:
    # /start always works: whatever dialogue or input was open is left.
    await dialog_manager.reset_stack(remove_keyboard=False)
    await state.clear()
    await apply_commands(bot, i18n, message.chat.id, roles)
    if roles and person is not None:
        await send_menu(message, i18n, person, roles)
        return
    if await access.pending_for(session, message.chat.id) is not None:
        await message.answer(i18n("start-request-pending"))
        return
    await message.answer(
        i18n("start-unknown", company=settings.company.name),
        reply_markup=keyboards.request_access(i18n),
    )


async def home(
    callback: CallbackQuery, i18n: Translator, person: Person | None, roles: frozenset[Role]
) -> None:
    await callback.answer()
    if person is None or not roles or not isinstance(callback.message, Message):
        await callback.answer(i18n.plain("no-rights"), show_alert=True)
        return
    await send_menu(callback.message, i18n, person, roles)


async def send_menu(
    message: Message, i18n: Translator, person: Person, roles: frozenset[Role]
) -> None:
    markup = keyboards.main_menu(i18n, roles)
    text = i18n(
        "start-menu", name=person.first_name or person.full_name, roles=role_list(i18n, roles)
    )
    if markup is None:
        text = f"{text}\n{i18n('start-menu-empty')}"
    await message.answer(text, reply_markup=markup)
