"""Executor import from Excel (issue 3), free of Telegram and of the database.

The bot's flow::

    result = read_staff_workbook(data, filename=name, max_bytes=..., max_rows=...)
    if result.file_error:                       # one message, nothing changes
        reply(render(result.file_error))
    plan = plan_import(result.rows, existing_people, errors=result.errors)
    preview(plan)                               # counts, plan.errors, plan.missing
    if plan.errors:
        send(build_error_workbook(data, result, render, error_header, errors=plan.errors))
    on confirm: create plan.to_create, apply plan.to_update[i].values() to person ids,
    deactivate the chosen plan.missing, reactivate the chosen plan.inactive_in_file.

User-facing texts are Fluent messages ``import-*`` in ``bot/locales/*/staff_import.ftl``;
every error here is a ``services.messages.Msg``.
"""

from services.staff_import.error_workbook import build_error_workbook
from services.staff_import.models import (
    PERSON_FIELDS,
    ColumnMap,
    ExistingPerson,
    FieldChange,
    ImportPlan,
    Match,
    PlannedUpdate,
    ReadResult,
    RowError,
    SheetLocation,
    StaffRow,
)
from services.staff_import.planner import plan_import
from services.staff_import.reader import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, read_staff_workbook
from services.staff_import.validate import NAME_MAX_LENGTH, POSITION_MAX_LENGTH

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "NAME_MAX_LENGTH",
    "PERSON_FIELDS",
    "POSITION_MAX_LENGTH",
    "ColumnMap",
    "ExistingPerson",
    "FieldChange",
    "ImportPlan",
    "Match",
    "PlannedUpdate",
    "ReadResult",
    "RowError",
    "SheetLocation",
    "StaffRow",
    "build_error_workbook",
    "plan_import",
    "read_staff_workbook",
]
