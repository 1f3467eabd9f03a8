"""Average and median of durations per group: ``percentile_cont`` on PostgreSQL, Python on
SQLite (which has no median); both read the same subquery of ``(key, calendar, working)``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from statistics import fmean, median
from typing import Any

from sqlalchemy import Subquery, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from db.dialect import is_postgres
from services.reports.model import Durations


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


TOTAL = "__total__"


async def grouped_durations(
    session: AsyncSession, sub: Subquery, *, with_total: bool = False
) -> dict[Hashable, Durations]:
    """``sub`` has columns ``key``, ``cal`` and ``work`` (seconds, one row per item).

    ``with_total`` adds the figures over all rows under :data:`TOTAL`, in the same pass
    (``GROUPING SETS`` on PostgreSQL), so a costly subquery is read once.
    """
    if is_postgres(session):
        return await _in_sql(session, sub, with_total)
    return await _in_python(session, sub, with_total)


async def _in_sql(
    session: AsyncSession, sub: Subquery, with_total: bool
) -> dict[Hashable, Durations]:
    cal, work = sub.c.cal, sub.c.work
    grouping = func.grouping_sets(tuple_(sub.c.key), tuple_()) if with_total else sub.c.key
    rows = await session.execute(
        select(
            sub.c.key,
            func.grouping(sub.c.key) if with_total else literal(0),
            func.count(),
            func.avg(cal),
            func.percentile_cont(0.5).within_group(cal),
            func.avg(work),
            func.percentile_cont(0.5).within_group(work),
        ).group_by(grouping)
    )
    return {
        (TOTAL if row[1] else row[0]): Durations(row[2], *(_float(v) for v in row[3:]))
        for row in rows
    }


async def _in_python(
    session: AsyncSession, sub: Subquery, with_total: bool
) -> dict[Hashable, Durations]:
    calendar: dict[Hashable, list[float]] = defaultdict(list)
    working: dict[Hashable, list[float]] = defaultdict(list)
    result = await session.stream(select(sub.c.key, sub.c.cal, sub.c.work))
    async for key, cal, work in result:
        for target in (key, TOTAL) if with_total else (key,):
            if cal is not None:
                calendar[target].append(float(cal))
            if work is not None:
                working[target].append(float(work))
    out: dict[Hashable, Durations] = {}
    for key in calendar.keys() | working.keys():
        cal_values, work_values = calendar[key], working[key]
        out[key] = Durations(
            max(len(cal_values), len(work_values)),
            fmean(cal_values) if cal_values else None,
            median(cal_values) if cal_values else None,
            fmean(work_values) if work_values else None,
            median(work_values) if work_values else None,
        )
    return out
