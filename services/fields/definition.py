"""One configurable ticket field: what it is called, what it accepts, when it is asked."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from services.fields.patterns import MAX_PATTERN_LENGTH, UNSUPPORTED_CONSTRUCTS, pattern_problem

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
CHOICE_SEPARATOR = ";"  # separates choices in one cell of the field-set file
MAX_CHOICE_LENGTH = 64  # a choice is a button label


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    PHONE = "phone"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    ATTACHMENTS = "attachments"


CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTI_CHOICE})
TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})
DATE_TYPES = frozenset({FieldType.DATE, FieldType.DATETIME})
# Fields another field's show_if may refer to: their values are from a closed set.
CONDITION_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO})

# A date bound is a calendar date or "today" (e.g. a desired deadline not in the past).
TODAY = "today"
# A date-and-time bound "now": not earlier than the current minute (a desired time).
NOW = "now"
# Validation context flag: definitions read back from the database. They were checked when
# saved; a pattern that today's rules refuse (saved before them) is kept, not enforced, so
# that tickets can still be created with the set it belongs to.
STORED = "stored"
Bound = int | float | date | Literal["today", "now"]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def _error(key: str, attribute: str, **args: Any) -> PydanticCustomError:
    # The error type is the Fluent message id; issues.py turns it into a Msg.
    return PydanticCustomError(key, key, {"attribute": attribute, **args})


class Validation(BaseModel):
    """Rules on a value; which ones apply depends on the field type (checked by the field)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # number: value bounds; date/datetime: date bounds; attachments: number of files.
    min: Bound | None = None
    max: Bound | None = None
    integer_only: bool = False
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = None

    def is_empty(self) -> bool:
        return self == Validation()


class ShowIf(BaseModel):
    """Ask the field only when an earlier field has this value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(pattern=KEY_PATTERN)
    equals: str | bool


class FieldDefinition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=KEY_PATTERN, max_length=64)
    label: Label
    type: FieldType
    hint: str = ""
    required: bool = False
    order: int = 0
    active: bool = True
    validation: Validation = Validation()
    choices: tuple[str, ...] = ()
    show_if: ShowIf | None = None
    # Holds personal data (152-ФЗ): left out of minimised group notices, anonymised by
    # retention, found by subject requests (services.privacy.fields.personal_data_keys).
    personal_data: bool = False

    @field_validator("hint", mode="before")
    @classmethod
    def _hint_none_is_empty(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("choices")
    @classmethod
    def _clean_choices(cls, choices: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(choice.strip() for choice in choices if choice.strip())
        seen: set[str] = set()
        for choice in cleaned:
            if CHOICE_SEPARATOR in choice or len(choice) > MAX_CHOICE_LENGTH:
                raise _error("field-def-error-choice-label", "choices", limit=MAX_CHOICE_LENGTH)
            if choice.casefold() in seen:
                raise _error("field-def-error-choice-duplicate", "choices", choice=choice)
            seen.add(choice.casefold())
        return cleaned

    @model_validator(mode="after")
    def _check_rules_fit_type(self, info: ValidationInfo) -> FieldDefinition:
        if self.type in CHOICE_TYPES and not self.choices:
            raise _error("field-def-error-choices-missing", "choices")
        if self.type not in CHOICE_TYPES and self.choices:
            raise _error("field-def-error-choices-unexpected", "choices")
        self._check_bounds()
        self._check_text_rules(stored=bool(info.context and info.context.get(STORED)))
        if self.show_if is not None:
            if self.required:
                raise _error("field-def-error-condition-required", "show_if_field")
            if self.show_if.field == self.key:
                raise _error("field-def-error-condition-self", "show_if_field")
        return self

    def _check_bounds(self) -> None:
        rules = self.validation
        for attribute in ("min", "max"):
            bound = getattr(rules, attribute)
            if bound is not None and not _bound_fits(self.type, bound):
                raise _error("field-def-error-bound", attribute)
        if rules.integer_only and self.type is not FieldType.NUMBER:
            raise _error("field-def-error-rule-unexpected", "integer_only")
        low, high = rules.min, rules.max
        comparable = type(low) is type(high) or {type(low), type(high)} <= {int, float}
        if low is not None and high is not None and comparable and low > high:  # type: ignore[operator]
            raise _error("field-def-error-min-max", "max")

    def _check_text_rules(self, *, stored: bool) -> None:
        rules = self.validation
        for attribute in ("min_length", "max_length", "pattern"):
            if getattr(rules, attribute) is not None and self.type not in TEXT_TYPES:
                raise _error("field-def-error-rule-unexpected", attribute)
        if (
            rules.min_length is not None
            and rules.max_length is not None
            and rules.min_length > rules.max_length
        ):
            raise _error("field-def-error-min-max", "max_length")
        problem = None if rules.pattern is None or stored else pattern_problem(rules.pattern)
        if problem is not None:
            raise _error(
                problem.key,
                "pattern",
                found=problem.found,
                constructs=UNSUPPORTED_CONSTRUCTS,
                max=MAX_PATTERN_LENGTH,
            )


def _bound_fits(field_type: FieldType, bound: Bound) -> bool:
    if field_type is FieldType.NUMBER:
        return isinstance(bound, int | float) and not isinstance(bound, bool)
    if field_type is FieldType.DATETIME and bound == NOW:
        return True
    if field_type in DATE_TYPES:
        return isinstance(bound, date) or bound == TODAY
    if field_type is FieldType.ATTACHMENTS:
        return isinstance(bound, int) and not isinstance(bound, bool) and bound >= 0
    return False
