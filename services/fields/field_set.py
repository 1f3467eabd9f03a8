"""An ordered, cross-checked set of field definitions with a content version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from services.fields.definition import CHOICE_TYPES, CONDITION_TYPES, FieldDefinition, FieldType
from services.fields.issues import FieldIssue, FieldSetError
from services.fields.vocabulary import parse_yes_no
from services.messages import Msg


class FieldSet:
    """Field definitions sorted by ``order`` (ties keep their given order), retired ones included.

    Construction checks the set as a whole and raises :class:`FieldSetError` with every issue.
    ``version`` is a short hash of the content: equal sets have equal versions.
    """

    __slots__ = ("_by_key", "fields", "version")

    def __init__(self, fields: Iterable[FieldDefinition]) -> None:
        given = list(fields)
        ordered = sorted(given, key=lambda field: field.order)
        issues = _check(given, ordered)
        if issues:
            raise FieldSetError(issues)
        normalized = (_normalize_condition(field, ordered) for field in ordered)
        self.fields: tuple[FieldDefinition, ...] = tuple(normalized)
        self._by_key = {field.key: field for field in self.fields}
        self.version: str = _version(self.fields)

    @property
    def active_fields(self) -> tuple[FieldDefinition, ...]:
        return tuple(field for field in self.fields if field.active)

    def get(self, key: str) -> FieldDefinition | None:
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> FieldDefinition:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[FieldDefinition]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldSet) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(self.version)

    def __repr__(self) -> str:
        return f"FieldSet(version={self.version!r}, keys={list(self._by_key)!r})"

    def to_config(self) -> list[dict[str, Any]]:
        """JSON/TOML-ready definitions, read back by ``field_set_from_config``."""
        return [field.model_dump(mode="json", exclude_defaults=True) for field in self.fields]


def _version(fields: tuple[FieldDefinition, ...]) -> str:
    payload = json.dumps(
        [field.model_dump(mode="json") for field in fields], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def _check(given: list[FieldDefinition], ordered: list[FieldDefinition]) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    index_of = {id(field): index for index, field in enumerate(given)}
    position = {field.key: pos for pos, field in reversed(list(enumerate(ordered)))}
    seen: set[str] = set()
    for index, field in enumerate(given):
        if field.key in seen:
            issues.append(_issue(index, field, "key", "field-set-error-duplicate-key"))
        seen.add(field.key)
    for field in ordered:
        # A retired field is never asked, so its condition no longer matters.
        if field.show_if is not None and field.active:
            issue = _check_condition(field, ordered, position)
            if issue is not None:
                attribute, msg = issue
                issues.append(FieldIssue(index_of[id(field)], field.key, attribute, msg))
    if given and not any(field.active for field in given):
        issues.append(FieldIssue(None, None, "active", Msg("field-set-error-no-active")))
    if not given:
        issues.append(FieldIssue(None, None, None, Msg("field-set-error-empty")))
    return sorted(issues, key=lambda issue: -1 if issue.index is None else issue.index)


def _check_condition(
    field: FieldDefinition, ordered: list[FieldDefinition], position: dict[str, int]
) -> tuple[str, Msg] | None:
    assert field.show_if is not None
    ref_key = field.show_if.field
    if ref_key not in position:
        return "show_if_field", Msg("field-set-error-condition-unknown", {"field": ref_key})
    ref = ordered[position[ref_key]]
    if position[ref_key] >= next(i for i, f in enumerate(ordered) if f is field):
        return "show_if_field", Msg("field-set-error-condition-order", {"field": ref_key})
    if field.active and not ref.active:
        return "show_if_field", Msg("field-set-error-condition-retired", {"field": ref_key})
    if ref.type not in CONDITION_TYPES:
        return "show_if_field", Msg("field-set-error-condition-type", {"field": ref_key})
    if _condition_value(ref, field.show_if.equals) is None:
        allowed = "; ".join(ref.choices) if ref.type in CHOICE_TYPES else "true; false"
        return "show_if_value", Msg(
            "field-set-error-condition-value", {"field": ref_key, "allowed": allowed}
        )
    return None


def _condition_value(ref: FieldDefinition, equals: str | bool) -> str | bool | None:
    """The canonical value a condition compares with, or None if ``ref`` can never have it."""
    if ref.type is FieldType.YES_NO:
        return equals if isinstance(equals, bool) else parse_yes_no(equals)
    if isinstance(equals, bool):
        return None
    wanted = equals.strip().casefold()
    return next((choice for choice in ref.choices if choice.casefold() == wanted), None)


def _normalize_condition(field: FieldDefinition, ordered: list[FieldDefinition]) -> FieldDefinition:
    if field.show_if is None:
        return field
    ref = next((f for f in ordered if f.key == field.show_if.field), None)
    equals = None if ref is None else _condition_value(ref, field.show_if.equals)
    if equals is None or equals == field.show_if.equals:
        return field
    show_if = field.show_if.model_copy(update={"equals": equals})
    return field.model_copy(update={"show_if": show_if})


def _issue(index: int, field: FieldDefinition, attribute: str, key: str) -> FieldIssue:
    return FieldIssue(index, field.key, attribute, Msg(key, {"key": field.key}))
