"""Configurable ticket fields: definitions, input parsing, the dialogue walk, the file round trip.

Telegram-free and database-free; handlers call this and render the returned ``Msg`` objects.
"""

from services.fields.config import (
    field_set_from_config,
    field_set_from_toml,
    load_default_field_set,
)
from services.fields.dates import date_value, datetime_value, parse_time
from services.fields.definition import FieldDefinition, FieldType, ShowIf, Validation
from services.fields.dialogue import (
    Step,
    missing_required,
    next_field,
    previous_field,
    prune_values,
    step_number,
    visible_fields,
)
from services.fields.diff import (
    FieldChange,
    FieldSetDiff,
    apply_field_set_update,
    diff_field_sets,
    diff_messages,
)
from services.fields.display import Translate, display_value
from services.fields.draft import Draft
from services.fields.field_set import FieldSet
from services.fields.issues import FieldIssue, FieldSetError
from services.fields.parsing import parse_value
from services.fields.selection import (
    add_attachment,
    choice_by_index,
    finish_attachments,
    finish_multi_choice,
    toggle_choice,
)
from services.fields.values import (
    Attachment,
    FieldValue,
    ParseError,
    ParseOk,
    ParseResult,
    is_empty,
)
from services.fields.xlsx_export import export_field_set_xlsx
from services.fields.xlsx_import import (
    FieldSetFileError,
    FileIssue,
    read_field_set_upload,
    read_field_set_xlsx,
)

__all__ = [
    "Attachment",
    "Draft",
    "FieldChange",
    "FieldDefinition",
    "FieldIssue",
    "FieldSet",
    "FieldSetDiff",
    "FieldSetError",
    "FieldSetFileError",
    "FieldType",
    "FieldValue",
    "FileIssue",
    "ParseError",
    "ParseOk",
    "ParseResult",
    "ShowIf",
    "Step",
    "Translate",
    "Validation",
    "add_attachment",
    "apply_field_set_update",
    "choice_by_index",
    "date_value",
    "datetime_value",
    "diff_field_sets",
    "diff_messages",
    "display_value",
    "export_field_set_xlsx",
    "field_set_from_config",
    "field_set_from_toml",
    "finish_attachments",
    "finish_multi_choice",
    "is_empty",
    "load_default_field_set",
    "missing_required",
    "next_field",
    "parse_time",
    "parse_value",
    "previous_field",
    "prune_values",
    "read_field_set_upload",
    "read_field_set_xlsx",
    "step_number",
    "toggle_choice",
    "visible_fields",
]
