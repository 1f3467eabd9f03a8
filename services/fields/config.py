"""Field sets from configuration data (TOML tables) and the customer's default set."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from importlib.resources import files
from typing import Any

from pydantic import ValidationError

from services.fields.definition import STORED, FieldDefinition
from services.fields.field_set import FieldSet
from services.fields.issues import FieldIssue, FieldSetError, issues_from_validation_error
from services.messages import Msg

DEFAULT_FIELDS_RESOURCE = "default_fields.toml"
VALIDATION_KEYS = ("min", "max", "integer_only", "min_length", "max_length", "pattern")
ORDER_STEP = 10  # gaps leave room to insert a field without renumbering the others


def field_set_from_config(items: Sequence[Mapping[str, Any]], *, stored: bool = False) -> FieldSet:
    """Build a field set from tables like ``[[fields]]`` in TOML.

    Validation rules may be flat (``max_length = 200``) or in a ``validation`` table;
    ``show_if = { field = "work_type", equals = "Выезд" }``; a missing ``order`` follows the
    position. Raises :class:`FieldSetError` listing every problem (``index`` is the position).
    ``stored``: the items were saved by this bot before (see ``definition.STORED``).
    """
    definitions: list[FieldDefinition] = []
    issues: list[FieldIssue] = []
    for index, item in enumerate(items):
        key = item.get("key") if isinstance(item, Mapping) else None
        key = key if isinstance(key, str) else None
        if not isinstance(item, Mapping):
            issues.append(FieldIssue(index, None, None, Msg("field-def-error-invalid")))
            continue
        try:
            context = {STORED: True} if stored else None
            definitions.append(FieldDefinition.model_validate(_nest(item, index), context=context))
        except ValidationError as error:
            issues.extend(issues_from_validation_error(error, index=index, key=key))
    if issues:
        raise FieldSetError(issues)
    return FieldSet(definitions)


def field_set_from_toml(text: str, table: str = "fields") -> FieldSet:
    return field_set_from_config(tomllib.loads(text).get(table, []))


def load_default_field_set() -> FieldSet:
    """The customer's default fields, shipped as package data."""
    text = files("services.fields").joinpath(DEFAULT_FIELDS_RESOURCE).read_text("utf-8")
    return field_set_from_toml(text)


def _nest(item: Mapping[str, Any], index: int) -> dict[str, Any]:
    data = {name: value for name, value in item.items() if name not in VALIDATION_KEYS}
    flat_rules = {name: item[name] for name in VALIDATION_KEYS if name in item}
    if flat_rules:
        nested = data.get("validation")
        data["validation"] = {**(nested if isinstance(nested, Mapping) else {}), **flat_rules}
    data.setdefault("order", (index + 1) * ORDER_STEP)
    return data
