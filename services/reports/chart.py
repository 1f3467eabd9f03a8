"""The PNG chart of a report: created and closed by category, overdue by stage.

Drawn on a matplotlib ``Figure`` with the Agg canvas (never pyplot: no global state, safe in a
server with several reports at once).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from services.reports.labels import Labels, blank
from services.reports.model import Report

_MAX_BARS = 12


def render_report_png(report: Report, labels: Labels) -> bytes:
    figure = Figure(figsize=(10, 5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2)
    categories = list(report.by_category.items())[:_MAX_BARS]
    names = [blank(name, labels) for name, _ in categories]
    positions = range(len(categories))
    left.bar(
        [i - 0.2 for i in positions],
        [c.created for _, c in categories],
        0.4,
        label=labels.plain("report-col-created"),
    )
    left.bar(
        [i + 0.2 for i in positions],
        [c.closed for _, c in categories],
        0.4,
        label=labels.plain("report-col-closed"),
    )
    left.set_xticks(list(positions), names, rotation=30, ha="right")
    left.set_title(labels.plain("report-sheet-categories"))
    left.legend()
    stages = report.stages[:_MAX_BARS]
    right.barh(
        [s.name for s in stages],
        [s.open for s in stages],
        label=labels.plain("report-col-open"),
        color="#8eaadb",
    )
    right.barh(
        [s.name for s in stages],
        [s.overdue for s in stages],
        label=labels.plain("report-col-overdue"),
        color="#c00000",
    )
    right.invert_yaxis()
    right.set_title(labels.plain("report-sheet-stages"))
    right.legend()
    figure.suptitle(labels.plain("report-chart-title", period=report.period.label))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
