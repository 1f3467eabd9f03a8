"""aiogram-dialog text widgets that render Fluent messages."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from bot.context import request_context

_ARG_TYPES = (str, int, float)


class Tr(Text):
    """A message in HTML: string arguments from the window data are escaped."""

    def __init__(self, key: str, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        translator = request_context(manager).i18n
        return translator(self.key, **_args(data))


class TrPlain(Tr):
    """A button label or other text Telegram does not parse as HTML."""

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        translator = request_context(manager).i18n
        return translator.plain(self.key, **_args(data))


def _args(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if isinstance(v, _ARG_TYPES) and not isinstance(v, bool)}
