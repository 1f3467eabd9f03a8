"""A ticket being entered: answers so far and the field being asked, kept as plain JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from services.fields.definition import CHOICE_TYPES, FieldDefinition, FieldType
from services.fields.dialogue import (
    Step,
    missing_required,
    next_field,
    previous_field,
    prune_values,
    step_number,
    visible_fields,
)
from services.fields.field_set import FieldSet
from services.fields.values import FieldValue, is_empty


@dataclass(frozen=True, slots=True)
class Draft:
    """Immutable: every operation returns a new draft. Store ``to_dict()`` in FSM storage.

    ``current`` is the key of the field being asked, ``None`` for the summary card. ``editing``
    means the field was picked from the summary ("Изменить…"), so answering returns there,
    after asking ``pending``: fields the edit made visible (e.g. "Адрес" once "Тип работ"
    became "Выезд").
    ``values`` holds every answer, including those of fields retired since: they are kept
    for the ticket but not asked again.
    """

    version: str
    values: dict[str, FieldValue] = field(default_factory=dict)
    current: str | None = None
    editing: bool = False
    pending: tuple[str, ...] = ()

    @classmethod
    def start(cls, field_set: FieldSet) -> Draft:
        first = next_field(field_set, {}, None)
        return cls(version=field_set.version, current=first.key if first else None)

    @classmethod
    def prefilled(cls, field_set: FieldSet, values: dict[str, FieldValue]) -> Draft:
        """A draft with ``values`` already given: only the required fields still missing
        are asked, one after another, then the summary (where any field can be changed)."""
        given = {key: value for key, value in values.items() if not is_empty(value)}
        draft = cls(version=field_set.version, values=prune_values(field_set, given))
        return draft._settle(field_set)

    @property
    def at_summary(self) -> bool:
        return self.current is None

    def field(self, field_set: FieldSet) -> FieldDefinition | None:
        return None if self.current is None else field_set.get(self.current)

    def step(self, field_set: FieldSet) -> Step | None:
        return step_number(field_set, self.values, self.current)

    def missing(self, field_set: FieldSet) -> list[FieldDefinition]:
        """Required fields without an answer; "Создать" is allowed when this is empty."""
        return missing_required(field_set, self.values)

    def with_value(self, field_set: FieldSet, value: FieldValue | None) -> Draft:
        """Store a value for the current field without moving on (toggles, files so far)."""
        if self.current is None:
            raise ValueError("no field is being asked")
        values = dict(self.values)
        if is_empty(value):
            values.pop(self.current, None)
        else:
            values[self.current] = value  # type: ignore[assignment]
        return replace(self, values=prune_values(field_set, values))

    def answer(self, field_set: FieldSet, value: FieldValue | None) -> Draft:
        """Store a parsed value for the current field and move to the next question."""
        asked = self._asked(field_set)
        if asked.required and is_empty(value):
            raise ValueError(f"field {asked.key!r} is required")
        updated = self.with_value(field_set, value)
        if self.editing:
            before = {f.key for f in visible_fields(field_set, self.values)}
            queue = [
                f.key
                for f in visible_fields(field_set, updated.values)
                if f.key != asked.key
                and (
                    f.key in self.pending
                    or (f.key not in before and is_empty(updated.values.get(f.key)))
                )
            ]
            return replace(
                updated,
                current=queue[0] if queue else None,
                editing=bool(queue),
                pending=tuple(queue[1:]),
            )._settle(field_set)
        following = next_field(field_set, updated.values, asked.key)
        return replace(updated, current=following.key if following else None)._settle(field_set)

    def skip(self, field_set: FieldSet) -> Draft:
        """ "Пропустить" on an optional field: forget its value and move on."""
        return self.answer(field_set, None)

    def keep(self, field_set: FieldSet) -> Draft:
        """ "Оставить как есть" on a field that has a value: move on with it unchanged."""
        if self.current is None:
            raise ValueError("no field is being asked")
        return self.answer(field_set, self.values.get(self.current))

    def back(self, field_set: FieldSet) -> Draft:
        """ "Назад": the previous visible field, or the summary when editing from it.

        On the first step the draft is returned unchanged (``step(...).number == 1``).
        """
        if self.editing:
            return replace(self, current=None, editing=False, pending=())._settle(field_set)
        earlier = previous_field(field_set, self.values, self.current)
        return self if earlier is None else replace(self, current=earlier.key)

    def edit(self, field_set: FieldSet, key: str) -> Draft:
        """ "Изменить…" on the summary: ask ``key`` again, then come back to the summary."""
        if key not in {f.key for f in visible_fields(field_set, self.values)}:
            raise ValueError(f"field {key!r} is not asked in this draft")
        return replace(self, current=key, editing=True, pending=())

    def sync(self, field_set: FieldSet) -> Draft:
        """Adapt to the current field set, e.g. after a field was retired or added.

        Values of retired fields stay; choices that no longer exist are dropped; a current
        field that is no longer asked gives way to the next visible one.
        """
        values = prune_values(field_set, _valid_choices(field_set, self.values))
        visible = {f.key for f in visible_fields(field_set, values)}
        pending = tuple(key for key in self.pending if key in visible)
        synced = replace(self, version=field_set.version, values=values, pending=pending)
        if synced.current is not None and synced.current not in visible:
            following = next_field(field_set, values, synced.current)
            target = following.key if following else None
            synced = replace(synced, current=target, editing=synced.editing and target is not None)
        return synced._settle(field_set)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "values": dict(self.values),
            "current": self.current,
            "editing": self.editing,
            "pending": list(self.pending),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        version, values, current = data.get("version"), data.get("values"), data.get("current")
        if not isinstance(version, str) or not isinstance(values, dict):
            raise ValueError("not a stored draft")
        if current is not None and not isinstance(current, str):
            raise ValueError("not a stored draft")
        pending = data.get("pending", [])
        if not isinstance(pending, list) or not all(isinstance(k, str) for k in pending):
            raise ValueError("not a stored draft")
        return cls(version, dict(values), current, bool(data.get("editing")), tuple(pending))

    def _asked(self, field_set: FieldSet) -> FieldDefinition:
        asked = self.field(field_set)
        if asked is None:
            raise ValueError("no field is being asked")
        return asked

    def _settle(self, field_set: FieldSet) -> Draft:
        # Reaching the summary with a required answer missing (a field was added or became
        # required meanwhile) asks that field first, then returns to the summary.
        if self.current is None:
            missing = self.missing(field_set)
            if missing:
                return replace(self, current=missing[0].key, editing=True)
        return self


def _valid_choices(field_set: FieldSet, values: dict[str, FieldValue]) -> dict[str, FieldValue]:
    kept: dict[str, FieldValue] = {}
    for key, value in values.items():
        definition = field_set.get(key)
        if (
            definition is None
            or not definition.active
            or definition.type not in CHOICE_TYPES
            or (definition.type is FieldType.CHOICE and value in definition.choices)
        ):
            kept[key] = value
        elif definition.type is FieldType.MULTI_CHOICE and isinstance(value, list):
            chosen = [label for label in value if label in definition.choices]
            if chosen:
                kept[key] = chosen
    return kept
