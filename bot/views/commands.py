"""The command list each person sees in the Telegram client, set per chat."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat

from bot.i18n import Translator
from db.models import Role

log = logging.getLogger(__name__)

_BASE = ("start", "help", "cancel")
# Commands added per role; later features extend this table.
ROLE_COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "requests",
        "staff",
        "import",
        "t",
        "queues",
        "stages",
        "report",
        "export",
        "audit",
        "api_keys",
        "board",
        "retention",
        "webhooks",
        "access_list",
        "subject",
    ),
    Role.OPERATOR: ("new", "my", "t"),
    Role.MANAGER: ("queues", "report", "export", "t", "stages", "staff"),
    Role.EXECUTOR: ("work", "shift", "t"),
}


def known_command(name: str) -> bool:
    return name in _BASE or any(name in names for names in ROLE_COMMANDS.values())


def commands_for(roles: frozenset[Role]) -> list[str]:
    names = list(_BASE if roles else ("start", "help"))
    for role, extra in ROLE_COMMANDS.items():
        if role in roles:
            names.extend(name for name in extra if name not in names)
    if roles:  # everyone with a role sees some tickets and may look for them
        names.append("find")
    return names


async def apply_commands(bot: Bot, i18n: Translator, chat_id: int, roles: frozenset[Role]) -> None:
    commands = [
        BotCommand(command=n, description=i18n.plain(f"cmd-{n}")) for n in commands_for(roles)
    ]
    try:
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=chat_id))
    except TelegramAPIError:
        # The menu of commands is a convenience; the answer to the user matters more.
        log.warning("setMyCommands failed", exc_info=True)
