"""What applying a new field set would change, for the preview before it is applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.fields.definition import FieldDefinition
from services.fields.field_set import FieldSet
from services.fields.issues import FieldIssue, FieldSetError
from services.messages import MessageArg, Msg

# Attributes compared field by field; order and active are reported as reordering/retiring.
COMPARED = ("label", "hint", "required", "choices", "show_if", "personal_data")
COMPARED_RULES = ("min", "max", "integer_only", "min_length", "max_length", "pattern")


@dataclass(frozen=True, slots=True)
class FieldChange:
    key: str
    attribute: str  # "label" is a rename; rule names as in the file columns
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class FieldSetDiff:
    added: tuple[str, ...]
    retired: tuple[str, ...]  # includes fields missing from the new set: they are kept retired
    restored: tuple[str, ...]
    changes: tuple[FieldChange, ...]
    order_before: tuple[str, ...]  # fields active in both sets, in the old order
    order_after: tuple[str, ...]  # the same fields in the new order
    errors: tuple[FieldIssue, ...]  # e.g. a key reused for another type: cannot be applied

    @property
    def reordered(self) -> bool:
        return self.order_before != self.order_after

    @property
    def renamed(self) -> tuple[FieldChange, ...]:
        return tuple(change for change in self.changes if change.attribute == "label")

    @property
    def is_empty(self) -> bool:
        return (
            not (self.added or self.retired or self.restored or self.changes or self.reordered)
            and not self.errors
        )


def diff_field_sets(old: FieldSet, new: FieldSet) -> FieldSetDiff:
    added, retired, restored, changes, errors = [], [], [], [], []
    for field in new.fields:
        before = old.get(field.key)
        if before is None:
            if field.active:
                added.append(field.key)
            continue
        if before.type is not field.type:
            args: dict[str, MessageArg] = {
                "key": field.key,
                "old": before.type.value,
                "new": field.type.value,
            }
            errors.append(
                FieldIssue(None, field.key, "type", Msg("field-diff-error-type-changed", args))
            )
            continue
        if before.active and not field.active:
            retired.append(field.key)
        elif field.active and not before.active:
            restored.append(field.key)
        changes.extend(_changes(before, field))
    retired.extend(f.key for f in old.active_fields if f.key not in new)
    common = [f.key for f in old.active_fields if (f.key in new and new[f.key].active)]
    after = [f.key for f in new.active_fields if f.key in common]
    return FieldSetDiff(
        tuple(added),
        tuple(retired),
        tuple(restored),
        tuple(changes),
        tuple(common),
        tuple(after),
        tuple(errors),
    )


def apply_field_set_update(old: FieldSet, new: FieldSet) -> FieldSet:
    """The set to store: ``new`` plus, retired, any old field it left out (keys are never lost).

    Raises :class:`FieldSetError` when the update cannot be applied (a key changed type).
    """
    errors = diff_field_sets(old, new).errors
    if errors:
        raise FieldSetError(list(errors))
    kept = [f.model_copy(update={"active": False}) for f in old.fields if f.key not in new]
    return FieldSet([*new.fields, *kept])


def diff_messages(diff: FieldSetDiff, old: FieldSet, new: FieldSet) -> list[Msg]:
    """Preview lines, one per change; ``field-diff-none`` when nothing changes."""
    lines = [issue.msg for issue in diff.errors]
    lines += [Msg("field-diff-added", {"label": new[key].label}) for key in diff.added]
    lines += [Msg("field-diff-retired", {"label": old[key].label}) for key in diff.retired]
    lines += [Msg("field-diff-restored", {"label": new[key].label}) for key in diff.restored]
    for change in diff.changes:
        if change.attribute == "label":
            lines.append(Msg("field-diff-renamed", {"old": change.old, "new": change.new}))
        elif change.attribute == "personal_data":
            flag = "yes" if change.new else "no"
            label = new[change.key].label
            lines.append(Msg("privacy-field-diff-personal-data", {"label": label, "flag": flag}))
        else:
            args: dict[str, MessageArg] = {
                "label": new[change.key].label,
                "attribute": change.attribute,
            }
            lines.append(Msg("field-diff-changed", args))
    if diff.reordered:
        labels = ", ".join(new[key].label for key in diff.order_after)
        lines.append(Msg("field-diff-reordered", {"order": labels}))
    return lines or [Msg("field-diff-none")]


def _changes(before: FieldDefinition, after: FieldDefinition) -> list[FieldChange]:
    found = [
        FieldChange(after.key, name, getattr(before, name), getattr(after, name))
        for name in COMPARED
        if getattr(before, name) != getattr(after, name)
    ]
    found += [
        FieldChange(
            after.key, name, getattr(before.validation, name), getattr(after.validation, name)
        )
        for name in COMPARED_RULES
        if getattr(before.validation, name) != getattr(after.validation, name)
    ]
    return found
