"""Reading an edited stage-set .xlsx back, with errors people can act on.

Nothing is saved here: the caller shows ``diff_workflows`` of the result as a
preview and stores it only when the manager agrees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from pydantic import ValidationError

from services.messages import Msg
from services.workflow.model import Workflow
from services.workflow.stages import LimitMode, StageDefinition
from services.workflow.validation import workflow_errors
from services.workflow.xlsx_cells import (
    CellError,
    CellValue,
    parse_bool,
    parse_choice,
    parse_int,
    parse_key,
    parse_keys,
    parse_text,
    parse_texts,
)
from services.workflow.xlsx_columns import (
    COLUMN_IDS,
    DEFAULT_HEADERS,
    LIMIT_MODE_WORDS,
    OUTCOME_WORDS,
    REQUIRED_COLUMNS,
    SHEET_TITLE,
)
from services.workflow.xlsx_errors import column_of_error
from services.xlsx_guard import SMALL_FILE, UploadRefusedError, parse_upload

MAX_HEADER_ROW = 20
MAX_STAGES = 100
MAX_NAME_LENGTH = 64


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem: sheet row (1-based) and column id when it is about a cell."""

    row: int | None
    column: str | None
    reason: Msg


@dataclass(frozen=True, slots=True)
class WorkflowImport:
    """Either a valid workflow or the problems that prevent it (all of them)."""

    workflow: Workflow | None
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.workflow is not None


_PARSERS: dict[str, Callable[[CellValue], Any]] = {
    "key": parse_key,
    "name": parse_text,
    "order": lambda v: parse_int(v, minimum=0),
    "required": parse_bool,
    "next_stages": parse_keys,
    "outcome": lambda v: parse_choice(v, OUTCOME_WORDS),
    "needs_assignee": parse_bool,
    "needs_report": parse_bool,
    "needs_confirmation": parse_bool,
    "limit_minutes": lambda v: parse_int(v, minimum=1),
    "limit_mode": lambda v: parse_choice(v, LIMIT_MODE_WORDS),
    "pauses_clock": parse_bool,
    "reopen_to": parse_key,
    "skip_for_categories": parse_texts,
}


async def read_workflow_upload(
    data: bytes, filename: str | None, *, initial: str | None
) -> WorkflowImport:
    """A manager's upload: ``import_workflow_xlsx`` behind the upload guard.

    Size and zip bombs are checked first; the parse runs in a worker process with a time
    and memory limit (``services.xlsx_guard``). A refusal comes back as the only problem.
    """
    job = partial(import_workflow_xlsx, initial=initial)
    try:
        return await parse_upload(job, data, filename, SMALL_FILE)
    except UploadRefusedError as refused:
        return _fail(None, None, refused.msg())


def import_workflow_xlsx(
    data: bytes, *, headers: Mapping[str, str] | None = None, initial: str | None = None
) -> WorkflowImport:
    """Parse a stage-set file as written by ``export_workflow_xlsx`` or edited by hand.

    The header row may sit below title rows; blank rows and unknown columns are
    ignored. Only ``key`` and ``name`` columns are mandatory; a missing ``order``
    follows the row order. Without ``initial``, the stage with the lowest order
    starts tickets (pass the current workflow's initial stage to keep it).
    """
    try:
        book = load_workbook(BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds on non-xlsx input
        return _fail(None, None, Msg("wf-import-not-xlsx"))
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
    labels = {**DEFAULT_HEADERS, **(headers or {})}
    found = _find_header(rows, labels)
    if found is None:
        return _fail(None, None, Msg("wf-import-no-header", {"column": labels["key"]}))
    header_row, columns = found
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return WorkflowImport(
            None,
            tuple(
                ImportProblem(header_row, c, Msg("wf-import-missing-column", {"column": labels[c]}))
                for c in missing
            ),
        )
    return _build(rows, header_row, columns, labels, initial)


def _build(
    rows: Sequence[tuple[CellValue, ...]],
    header_row: int,
    columns: Mapping[str, int],
    labels: Mapping[str, str],
    initial: str | None,
) -> WorkflowImport:
    problems: list[ImportProblem] = []
    stages: list[StageDefinition] = []
    row_of: dict[str, int] = {}
    seen_rows = 0
    for row in range(header_row + 1, len(rows) + 1):
        cells = rows[row - 1]
        if all(parse_text(v) is None for v in cells):
            continue
        seen_rows += 1
        if seen_rows > MAX_STAGES:
            return _fail(row, None, Msg("wf-import-too-many", {"max": MAX_STAGES}))
        values, row_problems = _read_row(cells, row, columns, labels, default_order=row * 10)
        key = values.get("key")
        if key is not None and key in row_of:
            args = _at(row, labels["key"], key=key, first=row_of[key])
            row_problems.append(ImportProblem(row, "key", Msg("wf-import-duplicate-key", args)))
        elif key is not None:
            row_of[key] = row
        problems += row_problems
        if not row_problems:
            stage = _to_stage(values, row, labels, problems)
            if stage is not None:
                stages.append(stage)
    if problems:
        return WorkflowImport(None, tuple(problems))
    if not stages:
        return _fail(None, None, Msg("wf-import-empty"))
    if initial is None:
        initial = min(stages, key=lambda s: (s.order, s.key)).key
    errors = workflow_errors(stages, initial)
    if errors:
        by_key = {s.key: s for s in stages}
        return WorkflowImport(
            None,
            tuple(
                ImportProblem(row_of.get(str(m.args.get("stage"))), column_of_error(m, by_key), m)
                for m in errors
            ),
        )
    return WorkflowImport(Workflow(tuple(stages), initial))


def _read_row(
    cells: Sequence[CellValue],
    row: int,
    columns: Mapping[str, int],
    labels: Mapping[str, str],
    default_order: int,
) -> tuple[dict[str, Any], list[ImportProblem]]:
    values: dict[str, Any] = {}
    problems: list[ImportProblem] = []
    for column, index in columns.items():
        raw = cells[index] if index < len(cells) else None
        try:
            values[column] = _PARSERS[column](raw)
        except CellError as exc:
            reason = Msg(exc.msg.key, _at(row, labels[column], **exc.msg.args))
            problems.append(ImportProblem(row, column, reason))
    for column in REQUIRED_COLUMNS:
        if column not in values or values[column] is not None:
            continue
        reason = Msg("wf-import-required-value", _at(row, labels[column]))
        problems.append(ImportProblem(row, column, reason))
    name = values.get("name")
    if name is not None and len(name) > MAX_NAME_LENGTH:
        reason = Msg("wf-import-too-long", _at(row, labels["name"], max=MAX_NAME_LENGTH))
        problems.append(ImportProblem(row, "name", reason))
    if values.get("limit_mode") is not None and values.get("limit_minutes") is None:
        reason = Msg("wf-import-mode-without-limit", _at(row, labels["limit_mode"]))
        problems.append(ImportProblem(row, "limit_mode", reason))
    if values.get("order") is None:
        values["order"] = default_order
    return values, problems


def _to_stage(
    values: Mapping[str, Any], row: int, labels: Mapping[str, str], problems: list[ImportProblem]
) -> StageDefinition | None:
    fields = {
        k: v
        for k, v in values.items()
        if v is not None and k not in {"limit_minutes", "limit_mode", "needs_confirmation"}
    }
    if values.get("needs_confirmation") is not None:
        fields["needs_author_confirmation"] = values["needs_confirmation"]
    if values.get("limit_minutes") is not None:
        mode = values.get("limit_mode") or LimitMode.WORKING
        fields["time_limit"] = {"minutes": values["limit_minutes"], "mode": mode}
    try:
        return StageDefinition.model_validate(fields)
    except ValidationError as exc:
        # The cell parsers check every shape the model checks; this is a safety net.
        for err in exc.errors():
            reason = Msg("wf-import-invalid", _at(row, "", detail=err["msg"]))
            problems.append(ImportProblem(row, None, reason))
        return None


def _find_header(
    rows: Sequence[tuple[CellValue, ...]], labels: Mapping[str, str]
) -> tuple[int, dict[str, int]] | None:
    """The first row naming at least two known columns, and where each one is."""
    names = {_fold(labels[c]): c for c in COLUMN_IDS} | {_fold(c): c for c in COLUMN_IDS}
    for row, cells in enumerate(rows[:MAX_HEADER_ROW], start=1):
        columns: dict[str, int] = {}
        for index, value in enumerate(cells):
            column = names.get(_fold(parse_text(value) or ""))
            if column is not None and column not in columns:
                columns[column] = index
        if len(columns) >= 2:
            return row, columns
    return None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _at(row: int, column: str, **args: Any) -> dict[str, Any]:
    return {"row": row, "column": column, **args}


def _fail(row: int | None, column: str | None, reason: Msg) -> WorkflowImport:
    return WorkflowImport(None, (ImportProblem(row, column, reason),))
