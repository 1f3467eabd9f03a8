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
from services.xlsx_cells import safe_row


def export_workflow_xlsx(workflow: Workflow, *, headers: Mapping[str, str] | None = None) -> bytes:
    """One row per stage in display order, under a frozen header row.

    ``headers`` overrides labels by column id (see ``xlsx_columns.COLUMN_IDS``);
    pass the same mapping to the importer. Text is always stored as text
    (``xlsx_cells``), so a name starting with "=" never becomes a formula.
    """
    labels = {**DEFAULT_HEADERS, **(headers or {})}
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new Workbook always has one sheet
    sheet.title = SHEET_TITLE
    sheet.append(safe_row(sheet, [labels[c] for c in COLUMN_IDS]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for stage in workflow.ordered():
        sheet.append(safe_row(sheet, stage_row(stage)))
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
