"""Problems found in field definitions, as translatable messages with their location."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from services.messages import Msg

# Pydantic's own error types, for the attributes the field model constrains itself.
_PYDANTIC_ERRORS: dict[str, str] = {
    "missing": "field-def-error-missing",
    "string_too_short": "field-def-error-missing",
    "string_too_long": "field-def-error-too-long",
    "string_pattern_mismatch": "field-def-error-key",
    "enum": "field-def-error-type",
    "bool_parsing": "field-def-error-yes-no",
    "bool_type": "field-def-error-yes-no",
    "int_parsing": "field-def-error-integer",
    "int_type": "field-def-error-integer",
    "int_from_float": "field-def-error-integer",
    "greater_than_equal": "field-def-error-negative",
    "extra_forbidden": "field-def-error-unknown-attribute",
}
_BOUND_ATTRIBUTES = frozenset({"min", "max"})
# Error types raised by the field model itself: they are Fluent message ids.
_OWN_ERROR_PREFIXES = ("field-", "pattern-")


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """What is wrong (``msg``) with which field (position and key) and which attribute.

    ``attribute`` is a flat name shared with the file columns: ``key``, ``type``, ``choices``,
    ``min``, ``max_length``, ``show_if_field``, ``show_if_value``…
    """

    index: int | None
    key: str | None
    attribute: str | None
    msg: Msg


class FieldSetError(ValueError):
    """The field definitions cannot form a field set; ``issues`` says why, all at once."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        super().__init__("; ".join(f"{i.key}.{i.attribute}: {i.msg.key}" for i in issues))
        self.issues = issues


def issues_from_validation_error(
    error: ValidationError, *, index: int | None, key: str | None
) -> list[FieldIssue]:
    issues = []
    for detail in error.errors():
        attribute = _flat_attribute(detail["loc"])
        context = detail.get("ctx") or {}
        if detail["type"].startswith(_OWN_ERROR_PREFIXES):
            attribute = str(context.get("attribute", attribute))
            args = {k: v for k, v in context.items() if isinstance(v, str | int | float)}
            msg = Msg(detail["type"], args)
        elif attribute in _BOUND_ATTRIBUTES:
            msg = Msg("field-def-error-bound")
        elif detail["type"] == "string_too_long":
            msg = Msg("field-def-error-too-long", {"max": int(context.get("max_length", 0))})
        else:
            msg = Msg(_PYDANTIC_ERRORS.get(detail["type"], "field-def-error-invalid"))
        issue = FieldIssue(index, key, attribute, msg)
        # A union (min, max) fails once per member; one line per attribute is enough.
        if issue not in issues:
            issues.append(issue)
    return issues


def _flat_attribute(loc: tuple[int | str, ...]) -> str | None:
    names = [str(part) for part in loc if isinstance(part, str)]
    if not names:
        return None
    if names[0] == "validation" and len(names) > 1:
        return names[1]
    if names[0] == "show_if":
        return "show_if_value" if "equals" in names else "show_if_field"
    return names[0]
