"""A stage's time limit in people's words: «2 ч», «30 мин», «1 д 4 ч»."""

from __future__ import annotations

from bot.i18n import Translator
from services.work.stage_editing import duration_parts


def format_limit(i18n: Translator, minutes: int) -> str:
    days, hours, mins = duration_parts(minutes)
    units = (("duration-days", days), ("duration-hours", hours), ("duration-minutes", mins))
    return " ".join(i18n.plain(key, n=str(value)) for key, value in units if value)
