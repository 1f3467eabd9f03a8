"""The one place that turns ``[deadlines]`` settings into a :class:`DeadlinePlanner`.

Every caller (ticket creation, stage moves, the sweep, reports) uses :func:`planner_for`, so
they all share one calendar and one warning policy.
"""

from __future__ import annotations

from services.business_calendar import BusinessCalendar
from services.calendar_config import WEEKDAYS, CalendarConfig, _parse_interval
from services.deadlines.planning import DeadlinePlanner, Norm
from services.deadlines.settings import DeadlineSettings, PriorityLimit
from services.sla import TimeLimit, parse_warning_policy

_CACHE: dict[int, tuple[DeadlineSettings, DeadlinePlanner]] = {}


def planner_for(section: DeadlineSettings) -> DeadlinePlanner:
    # Cached per (frozen) section: the calendar keeps its per-year tables between calls.
    cached = _CACHE.get(id(section))
    if cached is None or cached[0] is not section:
        cached = _CACHE[id(section)] = (section, _planner(section))
    return cached[1]


def _planner(section: DeadlineSettings) -> DeadlinePlanner:
    tz = section.calendar.timezone
    return DeadlinePlanner(
        BusinessCalendar(section.calendar),
        warning=parse_warning_policy(section.warning),
        priority_limits={name: _norm(item, tz) for name, item in section.priority_limits.items()},
        emergency_limits={name: _norm(item, tz) for name, item in section.emergency_limits.items()},
        emergency_field=section.emergency_field,
    )


def _norm(item: PriorityLimit, timezone: str) -> Norm:
    limit = TimeLimit.parse(item.limit, item.mode)
    if item.window is None:
        return Norm(limit, item.basis)
    window = _parse_interval(item.window)
    # The window as a working day on every day of the year: no holidays, no breaks.
    config = CalendarConfig(
        timezone=timezone,
        working_hours=dict.fromkeys(WEEKDAYS, item.window),
        breaks=(),
        country=None,
    )
    return Norm(limit, item.basis, window, BusinessCalendar(config))
