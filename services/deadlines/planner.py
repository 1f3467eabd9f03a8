"""The one place that turns ``[deadlines]`` settings into a :class:`DeadlinePlanner`.

Every caller (ticket creation, stage moves, the sweep, reports) uses :func:`planner_for`, so
they all share one calendar and one warning policy.
"""

from __future__ import annotations

from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.deadlines.settings import DeadlineSettings
from services.sla import TimeLimit, parse_warning_policy

_CACHE: dict[int, tuple[DeadlineSettings, DeadlinePlanner]] = {}


def planner_for(section: DeadlineSettings) -> DeadlinePlanner:
    # Cached per (frozen) section: the calendar keeps its per-year tables between calls.
    cached = _CACHE.get(id(section))
    if cached is None or cached[0] is not section:
        cached = _CACHE[id(section)] = (section, _planner(section))
    return cached[1]


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
