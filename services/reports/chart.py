"""The PNG chart of a report: created and closed by category, overdue by stage.

Drawn on a matplotlib ``Figure`` with the Agg canvas (never pyplot: no global state, safe in a
server with several reports at once).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from services.reports.labels import Labels, blank
from services.reports.model import Report

_MAX_BARS = 12


def render_report_png(report: Report, labels: Labels) -> bytes:
    figure = draw_report(report, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _label_bars(axes: Axes, bars: BarContainer, values: Sequence[int]) -> None:
    """Each bar's count written on it; a zero bar gets no "0" to read."""
    axes.bar_label(bars, labels=[str(v) if v else "" for v in values], padding=2)


def draw_report(report: Report, labels: Labels) -> Figure:
    """Counts are whole tickets: whole-number ticks and the value on every bar."""
    figure = Figure(figsize=(10, 5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2)
    categories = list(report.by_category.items())[:_MAX_BARS]
    names = [blank(name, labels) for name, _ in categories]
    positions = range(len(categories))
    created = [c.created for _, c in categories]
    closed = [c.closed for _, c in categories]
    bars = left.bar(
        [i - 0.2 for i in positions], created, 0.4, label=labels.plain("report-col-created")
    )
    _label_bars(left, bars, created)
    bars = left.bar(
        [i + 0.2 for i in positions], closed, 0.4, label=labels.plain("report-col-closed")
    )
    _label_bars(left, bars, closed)
    left.set_xticks(list(positions), names, rotation=30, ha="right")
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_title(labels.plain("report-sheet-categories"))
    left.legend()
    stages = report.stages[:_MAX_BARS]
    opened = [s.open for s in stages]
    overdue = [s.overdue for s in stages]
    bars = right.barh(
        [s.name for s in stages], opened, label=labels.plain("report-col-open"), color="#8eaadb"
    )
    _label_bars(right, bars, opened)
    bars = right.barh(
        [s.name for s in stages],
        overdue,
        label=labels.plain("report-col-overdue"),
        color="#c00000",
    )
    _label_bars(right, bars, overdue)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.invert_yaxis()
    right.set_title(labels.plain("report-sheet-stages"))
    right.legend()
    figure.suptitle(labels.plain("report-chart-title", period=report.period.label))
    return figure
