"""The deadline planner handlers pass to ticket creation (one place, easy to replace)."""

from __future__ import annotations

from bot.config import Settings
from bot.deadlines import planner_from_settings
from services.deadlines.planning import DeadlinePlanner


def deadline_planner(settings: Settings) -> DeadlinePlanner:
    """The shared planner built from ``[deadlines]`` (see ``bot.deadlines``)."""
    return planner_from_settings(settings)
