"""Writing the stage set to .xlsx for managers to edit and upload back."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from services.workflow.model import Workflow
from services.workflow.stages import StageDefinition
from services.workflow.xlsx_cells import CellValue
from services.workflow.xlsx_columns import COLUMN_IDS, DEFAULT_HEADERS, LIST_SEPARATOR, SHEET_TITLE


def export_workflow_xlsx(workflow: Workflow, *, headers: Mapping[str, str] | None = None) -> bytes:
    """One row per stage in display order, under a frozen header row.

    ``headers`` overrides labels by column id (see ``xlsx_columns.COLUMN_IDS``);
    pass the same mapping to the importer. Text is always stored as text, so a
    name starting with "=" never becomes a formula.
    """
    labels = {**DEFAULT_HEADERS, **(headers or {})}
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook always has one sheet
    sheet.title = SHEET_TITLE
    _write_row(sheet, 1, [labels[c] for c in COLUMN_IDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, stage in enumerate(workflow.ordered(), start=2):
        _write_row(sheet, row, stage_row(stage))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMN_IDS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(labels[column]) + 2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def stage_row(stage: StageDefinition) -> list[CellValue]:
    """The cells of one stage, in ``COLUMN_IDS`` order."""
    separator = f"{LIST_SEPARATOR} "
    limit = stage.time_limit
    values: dict[str, CellValue] = {
        "key": stage.key,
        "name": stage.name,
        "order": stage.order,
        "required": stage.required,
        "next_stages": separator.join(stage.next_stages) or None,
        "outcome": stage.outcome.value if stage.outcome else None,
        "needs_assignee": stage.needs_assignee,
        "needs_report": stage.needs_report,
        "needs_confirmation": stage.needs_author_confirmation,
        "limit_minutes": limit.minutes if limit else None,
        "limit_mode": limit.mode.value if limit else None,
        "pauses_clock": stage.pauses_clock,
        "reopen_to": stage.reopen_to,
        "skip_for_categories": separator.join(stage.skip_for_categories) or None,
    }
    return [values[c] for c in COLUMN_IDS]


def _write_row(sheet: Worksheet, row: int, values: list[CellValue]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
