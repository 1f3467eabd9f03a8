"""Which messages and button presses the open dialogue takes.

aiogram-dialog's dialogue takes every message and press made while it is open, its own
buttons and any other, and shows itself again. Let through to their own handlers:
- buttons that only show something (a ticket's card, its files, its history): «📄 Открыть» in
  a notice works while a ticket form is half filled, and the form stays as it was;
- the bot's commands typed on a screen that only shows something (a queue, the staff list, a
  report's period): nothing typed is lost there (``leaves_nothing``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, Window
from aiogram_dialog.api.entities import Context
from aiogram_dialog.api.internal import CONTEXT_KEY

from bot.views.callbacks import TicketCb
from bot.views.commands import known_command
from handlers.tickets.draft import TicketSG
from handlers.tickets.search import SearchSG

VIEWING_ACTIONS = frozenset({"open", "files", "history"})
# Screens that take text yet only show something (search results, opened by any typed
# address): a command leaves them too.
BROWSING_STATES = frozenset({SearchSG.query})
_VIEWING_PREFIX = f"{TicketCb.__prefix__}:"


_BUTTONS_ONLY: weakref.WeakKeyDictionary[Router, frozenset[str]] = weakref.WeakKeyDictionary()


def buttons_only_states(event_router: Router) -> frozenset[str]:
    """The dialogue states whose window takes no typed input, found once in the routers (a
    filter cannot ask aiogram-dialog's manager: it is an inner middleware)."""
    root = event_router
    while root.parent_router is not None:
        root = root.parent_router
    found = _BUTTONS_ONLY.get(root)
    if found is None:
        found = frozenset(
            str(state.state)
            for dialog in dialogs_in(root)
            for state, window in dialog.windows.items()
            if isinstance(window, Window) and window.on_message is None
        )
        _BUTTONS_ONLY[root] = found
    return found


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


def command_name(message: Message) -> str | None:
    """The command a message starts with («/t@bot 5» → «t»), if any."""
    first = message.entities[0] if message.entities else None
    if first is None or first.type != "bot_command" or first.offset != 0 or not message.text:
        return None
    return message.text[1 : first.length].split("@")[0]


def leaves_nothing(state: State, event_router: Router) -> bool:
    """A screen that only shows something (a list, a card, a period to pick) loses nothing
    when a command takes the person elsewhere; the ticket form keeps typed answers even on
    its buttons-only screens, so a command is refused there."""
    if state in BROWSING_STATES:
        return True
    return state.group is not TicketSG and str(state.state) in buttons_only_states(event_router)


class NotLeavingCommand(Filter):
    async def __call__(self, message: Message, event_router: Router, **data: object) -> bool:
        command = command_name(message)
        context = data.get(CONTEXT_KEY)
        if command is None or not known_command(command) or not isinstance(context, Context):
            return True
        return not leaves_nothing(context.state, event_router)


def route_dialogues(root: Router) -> None:
    for dialog in dialogs_in(root):
        dialog.callback_query.filter(NotViewing())
        dialog.message.filter(NotLeavingCommand())
