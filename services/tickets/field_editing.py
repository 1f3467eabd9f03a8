"""Edits of the field set made with buttons in the bot; each returns a new, checked set.

Every function raises ``FieldSetError`` (with translatable issues) when the result would not
be a valid field set, e.g. retiring a field another field's condition refers to.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from services.fields import FieldDefinition, FieldSet, FieldSetError, FieldType
from services.fields.config import ORDER_STEP
from services.fields.definition import CHOICE_SEPARATOR
from services.fields.issues import issues_from_validation_error
from services.visible_text import trim

NEW_KEY_PREFIX = "field_"


def rename(field_set: FieldSet, key: str, label: str) -> FieldSet:
    return _replace(field_set, key, label=label)


def set_required(field_set: FieldSet, key: str, required: bool) -> FieldSet:
    return _replace(field_set, key, required=required)


def set_active(field_set: FieldSet, key: str, active: bool) -> FieldSet:
    return _replace(field_set, key, active=active)


def set_personal_data(field_set: FieldSet, key: str, personal_data: bool) -> FieldSet:
    return _replace(field_set, key, personal_data=personal_data)


def set_choices(field_set: FieldSet, key: str, text: str) -> FieldSet:
    """Choices typed as one line separated by ";"."""
    return _replace(field_set, key, choices=parse_choices(text))


def parse_choices(text: str) -> list[str]:
    return [part for part in map(trim, text.split(CHOICE_SEPARATOR)) if part]


def move(field_set: FieldSet, key: str, delta: int) -> FieldSet:
    """Move a field up (-1) or down (+1) among all fields; orders are renumbered."""
    fields = list(field_set.fields)
    index = next(i for i, field in enumerate(fields) if field.key == key)
    target = min(max(index + delta, 0), len(fields) - 1)
    fields.insert(target, fields.pop(index))
    return _renumbered(fields)


def add_field(
    field_set: FieldSet, label: str, field_type: FieldType, choices: str = ""
) -> tuple[FieldSet, str]:
    """A new optional field at the end; returns the set and the new key."""
    key = _free_key(field_set)
    order = max((field.order for field in field_set.fields), default=0) + ORDER_STEP
    data: dict[str, Any] = {"key": key, "label": label, "type": field_type.value, "order": order}
    if choices:
        data["choices"] = parse_choices(choices)
    definition = _validated(data, len(field_set))
    return FieldSet([*field_set.fields, definition]), key


def _replace(field_set: FieldSet, key: str, **changes: Any) -> FieldSet:
    fields = list(field_set.fields)
    index = next(i for i, field in enumerate(fields) if field.key == key)
    data = {**fields[index].model_dump(), **changes}
    fields[index] = _validated(data, index)
    return FieldSet(fields)


def _validated(data: dict[str, Any], index: int) -> FieldDefinition:
    try:
        return FieldDefinition.model_validate(data)
    except ValidationError as error:
        key = data.get("key") if isinstance(data.get("key"), str) else None
        raise FieldSetError(issues_from_validation_error(error, index=index, key=key)) from None


def _renumbered(fields: list[FieldDefinition]) -> FieldSet:
    return FieldSet(
        field.model_copy(update={"order": (position + 1) * ORDER_STEP})
        for position, field in enumerate(fields)
    )


def _free_key(field_set: FieldSet) -> str:
    number = len(field_set) + 1
    while f"{NEW_KEY_PREFIX}{number}" in field_set:
        number += 1
    return f"{NEW_KEY_PREFIX}{number}"
