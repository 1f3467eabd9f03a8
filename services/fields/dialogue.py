"""Which fields the ticket dialogue asks, in what order, given the answers so far.

The dialogue asks the *visible* fields: active ones whose ``show_if`` condition holds. A
condition refers to an earlier field, so one pass in order settles chains of conditions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.fields.definition import FieldDefinition
from services.fields.field_set import FieldSet
from services.fields.values import FieldValue, is_empty

Values = Mapping[str, FieldValue]


@dataclass(frozen=True, slots=True)
class Step:
    """Position of the current field among the visible ones: "шаг {number} из {total}"."""

    number: int
    total: int


def visible_fields(field_set: FieldSet, values: Values) -> list[FieldDefinition]:
    shown: list[FieldDefinition] = []
    shown_keys: set[str] = set()
    for field in field_set.fields:
        if not field.active:
            continue
        condition = field.show_if
        if condition is not None and not (
            condition.field in shown_keys
            and _matches(values.get(condition.field), condition.equals)
        ):
            continue
        shown.append(field)
        shown_keys.add(field.key)
    return shown


def prune_values(field_set: FieldSet, values: Values) -> dict[str, FieldValue]:
    """Values without those of hidden fields; retired and unknown fields keep theirs."""
    visible = {field.key for field in visible_fields(field_set, values)}
    hidden = {field.key for field in field_set.active_fields} - visible
    return {key: value for key, value in values.items() if key not in hidden}


def next_field(field_set: FieldSet, values: Values, current: str | None) -> FieldDefinition | None:
    """The visible field after ``current`` (the first one for ``None``); ``None`` at the end.

    ``current`` need not be visible itself: after a retired or hidden field, this is the next
    visible field in the configured order.
    """
    visible = visible_fields(field_set, values)
    if current is None or current not in field_set:
        return visible[0] if visible else None
    here = _position(field_set, current)
    return next((f for f in visible if _position(field_set, f.key) > here), None)


def previous_field(
    field_set: FieldSet, values: Values, current: str | None
) -> FieldDefinition | None:
    """The visible field before ``current`` (the last one for ``None``, i.e. from the summary);
    ``None`` on the first step."""
    visible = visible_fields(field_set, values)
    if current is None or current not in field_set:
        return visible[-1] if visible else None
    here = _position(field_set, current)
    earlier = [f for f in visible if _position(field_set, f.key) < here]
    return earlier[-1] if earlier else None


def step_number(field_set: FieldSet, values: Values, current: str | None) -> Step | None:
    """``None`` when ``current`` is not a visible field (e.g. the summary)."""
    keys = [field.key for field in visible_fields(field_set, values)]
    if current not in keys:
        return None
    return Step(number=keys.index(current) + 1, total=len(keys))


def missing_required(field_set: FieldSet, values: Values) -> list[FieldDefinition]:
    return [
        field
        for field in visible_fields(field_set, values)
        if field.required and is_empty(values.get(field.key))
    ]


def _matches(value: FieldValue | None, equals: str | bool) -> bool:
    if isinstance(value, list):
        return equals in value
    return type(value) is type(equals) and value == equals


def _position(field_set: FieldSet, key: str) -> int:
    return next(i for i, field in enumerate(field_set.fields) if field.key == key)
