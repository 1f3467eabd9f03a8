"""The deadline planner handlers pass to ticket creation (one place, easy to replace)."""

from __future__ import annotations

from bot.config import Settings
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner


def deadline_planner(settings: Settings) -> DeadlinePlanner:
    # TODO(deadlines): replace with the shared factory built from [deadlines] settings.
    return DeadlinePlanner(BusinessCalendar())
