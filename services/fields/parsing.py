"""Typed input → stored value, or a message saying what is expected."""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from services.fields.dates import parse_date, parse_datetime
from services.fields.definition import FieldDefinition, FieldType
from services.fields.patterns import pattern_matches
from services.fields.phone import normalize_phone
from services.fields.selection import finish_multi_choice
from services.fields.values import ParseError, ParseOk, ParseResult
from services.fields.vocabulary import parse_yes_no
from services.messages import Msg
from services.visible_text import trim

log = logging.getLogger(__name__)

# A short text is one Telegram message; long texts may be longer and are stored whole.
TEXT_LIMIT = 4096

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_LIST_SEPARATORS = re.compile(r"[,;]")


def parse_value(field: FieldDefinition, raw: str, *, tz: ZoneInfo, today: date) -> ParseResult:
    """Parse what was typed for ``field``; ``today`` is the company's date in ``tz``."""
    text = trim(raw)
    if not text:
        return ParseError(Msg("field-error-empty"))
    match field.type:
        case FieldType.TEXT | FieldType.LONG_TEXT:
            return parse_text(field, text)
        case FieldType.NUMBER:
            return parse_number(field, text)
        case FieldType.PHONE:
            phone = normalize_phone(text)
            return ParseOk(phone) if phone else ParseError(Msg("field-error-phone"))
        case FieldType.DATE:
            return parse_date(field, text, today=today)
        case FieldType.DATETIME:
            return parse_datetime(field, text, tz=tz, today=today)
        case FieldType.YES_NO:
            answer = parse_yes_no(text)
            return ParseError(Msg("field-error-yes-no")) if answer is None else ParseOk(answer)
        case FieldType.CHOICE:
            label = _find_choice(field, text)
            if label is None:
                return ParseError(Msg("field-error-choice", {"count": len(field.choices)}))
            return ParseOk(label)
        case FieldType.MULTI_CHOICE:
            return parse_multi_choice(field, text)
        case FieldType.ATTACHMENTS:
            return ParseError(Msg("field-error-attachments-text"))


def parse_text(field: FieldDefinition, text: str) -> ParseResult:
    rules = field.validation
    limit = rules.max_length
    if limit is None and field.type is FieldType.TEXT:
        limit = TEXT_LIMIT
    if rules.min_length is not None and len(text) < rules.min_length:
        return ParseError(Msg("field-error-text-too-short", {"min": rules.min_length}))
    if limit is not None and len(text) > limit:
        return ParseError(Msg("field-error-text-too-long", {"max": limit, "length": len(text)}))
    if rules.pattern is not None:
        # RE2: time linear in the answer, whatever the pattern (see ``patterns``).
        matches = pattern_matches(rules.pattern, text)
        if matches is None:
            log.warning("stored pattern cannot be run, not checked", extra={"field": field.key})
        elif not matches:
            return ParseError(Msg("field-error-text-pattern", {"hint": field.hint}))
    return ParseOk(text)


def parse_number(field: FieldDefinition, text: str) -> ParseResult:
    compact = _SPACES.sub(" ", text)
    whole_only = field.validation.integer_only
    if not (_PLAIN_NUMBER.fullmatch(compact) or _GROUPED_NUMBER.fullmatch(compact)):
        # The example must be one the field takes: no «2,5» where only whole numbers go.
        return ParseError(Msg("field-error-number-whole" if whole_only else "field-error-number"))
    try:
        number = Decimal(compact.replace(" ", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns only let valid numbers through
        return ParseError(Msg("field-error-number"))
    rules = field.validation
    is_integer = number == number.to_integral_value()
    if rules.integer_only and not is_integer:
        return ParseError(Msg("field-error-number-integer"))
    if isinstance(rules.min, int | float) and number < Decimal(str(rules.min)):
        return ParseError(Msg("field-error-number-min", {"min": rules.min}))
    if isinstance(rules.max, int | float) and number > Decimal(str(rules.max)):
        return ParseError(Msg("field-error-number-max", {"max": rules.max}))
    return ParseOk(int(number) if is_integer else float(number))


def parse_multi_choice(field: FieldDefinition, text: str) -> ParseResult:
    """Labels or numbers separated by commas or semicolons, e.g. ``"1, 3"``."""
    whole = _find_choice(field, text)
    parts = [whole] if whole else [part.strip() for part in _LIST_SEPARATORS.split(text)]
    labels = [_find_choice(field, part) for part in parts if part]
    if not labels or None in labels:
        return ParseError(Msg("field-error-multi-choice", {"count": len(field.choices)}))
    return finish_multi_choice(field, [label for label in labels if label])


def _find_choice(field: FieldDefinition, text: str) -> str | None:
    """A choice by its label (any case) or its 1-based number."""
    wanted = " ".join(text.split()).casefold()
    for label in field.choices:
        if label.casefold() == wanted:
            return label
    if wanted.isdigit() and 1 <= int(wanted) <= len(field.choices):
        return field.choices[int(wanted) - 1]
    return None
