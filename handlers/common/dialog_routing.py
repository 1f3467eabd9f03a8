"""Which button presses the open dialogue takes.

aiogram-dialog's dialogue takes every press made while it is open, its own buttons and any
other, and shows itself again. Buttons that only show something (a ticket's card, its files,
its history) are let through to their handlers: «📄 Открыть» in a notice works while a ticket
form is half filled, and the form stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog

from bot.views.callbacks import TicketCb

VIEWING_ACTIONS = frozenset({"open", "files", "history"})
_VIEWING_PREFIX = f"{TicketCb.__prefix__}:"


def dialogs_in(router: Router) -> Iterator[Dialog]:
    if isinstance(router, Dialog):
        yield router
    for child in router.sub_routers:
        yield from dialogs_in(child)


class NotViewing(Filter):
    async def __call__(self, callback: CallbackQuery) -> bool:
        data = callback.data or ""
        if not data.startswith(_VIEWING_PREFIX):
            return True
        return data.split(":", 2)[1] not in VIEWING_ACTIONS


def let_viewing_through(root: Router) -> None:
    for dialog in dialogs_in(root):
        dialog.callback_query.filter(NotViewing())
