"""Whatever no other handler took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
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
    roles: frozenset[Role] = frozenset(),
) -> None:
    if await _closed_refused_dialog(dialog_manager, roles):
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
    roles: frozenset[Role] = frozenset(),
) -> None:
    if await _closed_refused_dialog(dialog_manager, roles):
        await callback.answer(i18n.plain("dialog-not-allowed"), show_alert=True)
        return
    # A stranger's press reached nothing because every staff router filters them out: the
    # button is not stale, they have no access.
    key = "unknown-button" if roles else "guard-no-access"
    await callback.answer(i18n.plain(key), show_alert=True)


async def _closed_refused_dialog(manager: DialogManager | None, roles: frozenset[Role]) -> bool:
    """A dialogue consumes every update in its states, so one that reaches the fallback with a
    dialogue open was refused by that dialogue's role filter: the person lost the role while
    in it. The dialogue is closed (its keyboard comes off) so the next message is not refused
    again; a person with no roles left is told they have no access instead."""
    if manager is None or not manager.has_context():
        return False
    await manager.reset_stack()
    return bool(roles)
