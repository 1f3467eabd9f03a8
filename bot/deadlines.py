"""The one place that turns ``[deadlines]`` settings into a :class:`DeadlinePlanner`.

Every caller (ticket creation, stage moves, the sweep, reports) uses
:func:`planner_from_settings`, so they all share one calendar and one warning policy.
"""

from __future__ import annotations

from bot.config import Settings
from bot.sections.deadlines import DeadlineSettings
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.sla import TimeLimit, parse_warning_policy

_CACHE: dict[str, DeadlinePlanner] = {}


def planner_from_settings(settings: Settings) -> DeadlinePlanner:
    # Cached per section content: the calendar keeps its per-year tables between calls.
    key = settings.deadlines.model_dump_json()
    planner = _CACHE.get(key)
    if planner is None:
        planner = _CACHE[key] = _planner(settings.deadlines)
    return planner


def _planner(section: DeadlineSettings) -> DeadlinePlanner:
    limits = {
        name: TimeLimit.parse(limit.limit, limit.mode)
        for name, limit in section.priority_limits.items()
    }
    return DeadlinePlanner(
        BusinessCalendar(section.calendar),
        warning=parse_warning_policy(section.warning),
        priority_limits=limits,
    )
