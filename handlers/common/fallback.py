"""Whatever no other handler took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager

from bot.i18n import Translator
from db.models import Role


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(unknown_button)
    return router


async def unknown_message(
    message: Message,
    i18n: Translator,
    dialog_manager: DialogManager | None = None,
    state: FSMContext | None = None,
    roles: frozenset[Role] = frozenset(),
) -> None:
    if await _closed_refused_dialog(dialog_manager, state, roles):
        await message.answer(i18n("dialog-not-allowed"))
        return
    # A command of the staff (/new, /my, ...) from someone with no role reached nothing
    # because every staff router filters them out: they lack access, the command is fine.
    command = (message.text or "").startswith("/")
    key = "guard-no-access" if command and not roles else "unknown-message"
    await message.answer(i18n(key))


async def unknown_button(
    callback: CallbackQuery,
    i18n: Translator,
    dialog_manager: DialogManager | None = None,
    state: FSMContext | None = None,
    roles: frozenset[Role] = frozenset(),
) -> None:
    if await _closed_refused_dialog(dialog_manager, state, roles):
        await callback.answer(i18n.plain("dialog-not-allowed"), show_alert=True)
        return
    # A stranger's press reached nothing because every staff router filters them out: the
    # button is not stale, they have no access.
    key = "unknown-button" if roles else "guard-no-access"
    await callback.answer(i18n.plain(key), show_alert=True)


async def _closed_refused_dialog(
    manager: DialogManager | None, state: FSMContext | None, roles: frozenset[Role]
) -> bool:
    """A dialogue consumes every update in its states, and so does each input step (a report's
    words, a webhook's address: each has a catch-all), so one that reaches the fallback with
    either open was refused by its role filter: the person lost the role while in it. It is
    closed (a dialogue's keyboard comes off) so the next message is not refused again; a
    person with no roles left is told they have no access instead."""
    in_dialogue = manager is not None and manager.has_context()
    in_input = state is not None and await state.get_state() is not None
    if not (in_dialogue or in_input):
        return False
    if manager is not None and in_dialogue:
        await manager.reset_stack()
    if state is not None and in_input:
        await state.clear()
    return bool(roles)
