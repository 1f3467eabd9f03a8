"""Closing whatever a person had open (a dialogue, an input step) and saying what was lost.

/cancel and /start both close it: /start is the way out that always works, so it must not
drop a half-filled ticket form without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.context import FSMContext
from aiogram_dialog import DialogManager

from bot.i18n import Translator
from handlers.tickets.draft import TicketSG, answered_fields


@dataclass(frozen=True, slots=True)
class Closed:
    anything: bool  # a dialogue or an input step was open
    dropped_answers: int  # answers of a ticket form that are gone with it

    def told(self, i18n: Translator) -> str | None:
        """What the person is told about the loss; None when nothing was typed in vain."""
        if self.dropped_answers:
            return i18n("dayone-draft-dropped", count=self.dropped_answers)
        return None


async def close_open(manager: DialogManager, state: FSMContext) -> Closed:
    had_dialog = manager.has_context()
    had_state = await state.get_state() is not None
    dropped = 0
    if had_dialog and manager.current_context().state.group is TicketSG:
        dropped = answered_fields(manager.current_context().dialog_data)
    await manager.reset_stack(remove_keyboard=True)
    await state.clear()
    return Closed(had_dialog or had_state, dropped)
