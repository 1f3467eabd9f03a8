"""A report ready to send: the short message, the workbook and the chart."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.messages import Msg
from services.reports.chart import render_report_png
from services.reports.compute import compute_report
from services.reports.labels import Labels, hours
from services.reports.model import Report
from services.reports.period import Period
from services.reports.xlsx import render_report_xlsx


@dataclass(frozen=True, slots=True)
class ReportFiles:
    report: Report
    message: Msg
    xlsx: bytes
    png: bytes

    @property
    def stem(self) -> str:
        p = self.report.period
        return f"report_{p.first_day:%Y-%m-%d}_{p.last_day:%Y-%m-%d}"


def report_message(report: Report) -> Msg:
    """Figures that do not exist (no ticket closed, no stage with a limit) are said in words
    by the text, never shown as a dash."""
    p, t = report.processing, report.totals
    timed = sum(s.with_deadline for s in report.stages)
    on_time = sum(s.on_time for s in report.stages)

    def h(seconds: float | None) -> float:
        value = hours(seconds)
        return 0.0 if value is None else round(value, 1)

    return Msg(
        "report-message",
        {
            "period": report.period.label,
            "created": t.created,
            "closed": t.closed,
            "open": t.open,
            "overdue": t.overdue,
            "timed": "yes" if p.avg_calendar is not None else "no",
            "avg": h(p.avg_calendar),
            "median": h(p.median_calendar),
            "working": "yes" if p.avg_working is not None else "no",
            "avg_working": h(p.avg_working),
            "median_working": h(p.median_working),
            "limited": "yes" if timed else "no",
            "compliance": round(100 * on_time / timed) if timed else 0,
        },
    )


async def build_report(session: AsyncSession, period: Period, labels: Labels) -> ReportFiles:
    report = await compute_report(session, period)
    # Rendering is CPU work: keep the event loop (and the bot) responsive meanwhile.
    xlsx, png = await asyncio.gather(
        asyncio.to_thread(render_report_xlsx, report, labels),
        asyncio.to_thread(render_report_png, report, labels),
    )
    return ReportFiles(report, report_message(report), xlsx, png)
