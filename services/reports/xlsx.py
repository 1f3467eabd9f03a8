"""The report workbook: a sheet per table, formatted, frozen header, a native bar chart."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from services.reports.labels import Labels, blank, hours
from services.reports.model import Counts, Report
from services.reports.sheets import append_rows, start_sheet

H, PCT, INT = "0.00", "0%", "0"
_COUNTS = ("report-col-created", "report-col-closed", "report-col-open", "report-col-overdue")


def render_report_xlsx(report: Report, labels: Labels) -> bytes:
    book = Workbook(write_only=True)
    _summary(book, report, labels)
    for sheet_key, first_key, table in (
        ("report-sheet-categories", "report-col-category", report.by_category),
        ("report-sheet-priorities", "report-col-priority", report.by_priority),
    ):
        _counts_sheet(book, labels, sheet_key, first_key, table)
    _stages(book, report, labels)
    _executors(book, report, labels)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(book: Workbook, report: Report, labels: Labels) -> None:
    sheet = book.create_sheet(labels.plain("report-sheet-summary"))
    headers = [labels.plain("report-col-figure"), labels.plain("report-col-value")]
    start_sheet(sheet, headers, [48, 18])
    t, p = report.totals, report.processing
    rows = [
        ("report-fig-period", report.period.label, None),
        ("report-fig-created", t.created, INT),
        ("report-fig-closed", t.closed, INT),
        ("report-fig-open", t.open, INT),
        ("report-fig-overdue", t.overdue, INT),
        ("report-fig-avg-calendar", hours(p.avg_calendar), H),
        ("report-fig-median-calendar", hours(p.median_calendar), H),
        ("report-fig-avg-working", hours(p.avg_working), H),
        ("report-fig-median-working", hours(p.median_working), H),
        ("report-fig-score", labels.plain("report-score-formula"), None),
    ]
    for key, value, number_format in rows:
        append_rows(sheet, [(labels.plain(key), value)], [None, number_format])


def _counts_sheet(
    book: Workbook, labels: Labels, sheet_key: str, first_key: str, table: dict[str, Counts]
) -> None:
    sheet = book.create_sheet(labels.plain(sheet_key))
    headers = [labels.plain(first_key), *(labels.plain(key) for key in _COUNTS)]
    start_sheet(sheet, headers, [32, 12, 12, 12, 12])
    rows = [
        (blank(name, labels), c.created, c.closed, c.open, c.overdue) for name, c in table.items()
    ]
    count = append_rows(sheet, rows, [None, INT, INT, INT, INT])
    if count:
        chart = BarChart()
        chart.title = labels.plain(sheet_key)
        chart.add_data(
            Reference(sheet, min_col=2, max_col=3, min_row=1, max_row=count + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=count + 1))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, "G2")


def _stages(book: Workbook, report: Report, labels: Labels) -> None:
    sheet = book.create_sheet(labels.plain("report-sheet-stages"))
    keys = (
        "report-col-stage",
        "report-col-open",
        "report-col-overdue",
        "report-col-visits",
        "report-col-avg-calendar",
        "report-col-median-calendar",
        "report-col-avg-working",
        "report-col-median-working",
        "report-col-total-hours",
        "report-col-compliance",
    )
    start_sheet(sheet, [labels.plain(key) for key in keys], [28, *[12] * 9])
    rows = [
        (
            row.name,
            row.open,
            row.overdue,
            row.times.count,
            hours(row.times.avg_calendar),
            hours(row.times.median_calendar),
            hours(row.times.avg_working),
            hours(row.times.median_working),
            hours(row.total_calendar),
            row.compliance,
        )
        for row in report.stages
    ]
    append_rows(sheet, rows, [None, INT, INT, INT, H, H, H, H, H, PCT])


def _executors(book: Workbook, report: Report, labels: Labels) -> None:
    sheet = book.create_sheet(labels.plain("report-sheet-executors"))
    keys = (
        "report-col-executor",
        "report-col-closed",
        "report-col-on-time",
        "report-col-avg-calendar",
        "report-col-avg-working",
        "report-col-returns",
        "report-col-confirmed",
        "report-col-auto-confirmed",
        "report-col-score",
    )
    start_sheet(sheet, [labels.plain(key) for key in keys], [34, *[12] * 8])
    rows = [
        (
            row.name,
            row.closed,
            row.on_time,
            hours(row.avg_calendar),
            hours(row.avg_working),
            row.returns,
            row.confirmed,
            row.auto_confirmed,
            row.score,
        )
        for row in report.executors
    ]
    append_rows(sheet, rows, [None, INT, PCT, H, H, INT, INT, INT, "0.0"])
