"""Dates and times as operators type them, in the company's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.fields.definition import NOW, TODAY, Bound, FieldDefinition
from services.fields.values import ParseError, ParseOk, ParseResult
from services.fields.vocabulary import (
    LETTER_FOLDS,
    MONTH_STEMS,
    RELATIVE_DAYS,
    TIME_CONNECTORS,
    YEAR_WORDS,
)
from services.messages import Msg

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"

_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDY = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?(?:\s+(\d{4}))?")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::\d{2})?")
_TRAILING_TIME = re.compile(r"(?P<date>.*?)(?:[\s,]+|t)(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?)")


def parse_date(field: FieldDefinition, raw: str, *, today: date) -> ParseResult:
    text = _clean(raw)
    found = _date_from_text(text, today)
    if isinstance(found, Msg):
        return ParseError(found)
    return date_value(field, found, today=today)


def parse_datetime(
    field: FieldDefinition, raw: str, *, tz: ZoneInfo, today: date, now: datetime | None = None
) -> ParseResult:
    text = _clean(raw)
    if _TIME.fullmatch(text) and ":" in text:
        date_text, time_text = "", text
    elif match := _TRAILING_TIME.fullmatch(text):
        date_text, time_text = match["date"].strip(), match["time"]
        words = date_text.split()
        if words and words[-1] in TIME_CONNECTORS:
            date_text = " ".join(words[:-1])
    else:
        is_date = not isinstance(_date_from_text(text, today), Msg)
        return ParseError(Msg("field-error-datetime-time" if is_date else "field-error-datetime"))
    day = _date_from_text(date_text, today) if date_text else today
    if isinstance(day, Msg):
        return ParseError(day if day.key != "field-error-date" else Msg("field-error-datetime"))
    at = parse_time(time_text)
    if at is None:
        return ParseError(Msg("field-error-time"))
    return datetime_value(field, day, at, tz=tz, today=today, now=now)


def parse_time(text: str) -> time | None:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    return time(hour, minute) if hour < 24 and minute < 60 else None


def date_value(field: FieldDefinition, day: date, *, today: date) -> ParseResult:
    """Check a date (typed or picked in the calendar) against the field's bounds."""
    problem = _bounds_problem(field, day, today)
    return ParseError(problem) if problem else ParseOk(day.isoformat())


def datetime_value(
    field: FieldDefinition,
    day: date,
    at: time,
    *,
    tz: ZoneInfo,
    today: date,
    now: datetime | None = None,
) -> ParseResult:
    """Check a date and time against the field's bounds; ``now`` (default: the clock) is
    what the bound "now" means, to the minute: the current minute itself is accepted."""
    problem = _bounds_problem(field, day, today)
    if problem:
        return ParseError(problem)
    moment = datetime.combine(day, at, tzinfo=tz)
    rules = field.validation
    if NOW in (rules.min, rules.max):
        current = (now or datetime.now(tz)).astimezone(tz).replace(second=0, microsecond=0)
        shown = current.strftime(DATETIME_FORMAT)
        if rules.min == NOW and moment < current:
            return ParseError(Msg("field-error-datetime-past", {"now": shown}))
        if rules.max == NOW and moment > current:
            return ParseError(Msg("field-error-datetime-future", {"now": shown}))
    return ParseOk(moment.isoformat())


def format_date(value: str) -> str:
    return date.fromisoformat(value).strftime(DATE_FORMAT)


def format_datetime(value: str, tz: ZoneInfo | None = None) -> str:
    moment = datetime.fromisoformat(value)
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.strftime(DATETIME_FORMAT)


def resolve_bound(bound: Bound | None, today: date) -> date | None:
    if bound in (TODAY, NOW):  # "now" as a date: today (the time is checked separately)
        return today
    return bound if isinstance(bound, date) else None


def _bounds_problem(field: FieldDefinition, day: date, today: date) -> Msg | None:
    low = resolve_bound(field.validation.min, today)
    high = resolve_bound(field.validation.max, today)
    if low is not None and day < low:
        return Msg("field-error-date-min", {"min": low.strftime(DATE_FORMAT)})
    if high is not None and day > high:
        return Msg("field-error-date-max", {"max": high.strftime(DATE_FORMAT)})
    return None


def _clean(raw: str) -> str:
    return " ".join(raw.strip().casefold().translate(LETTER_FOLDS).split())


def _date_from_text(text: str, today: date) -> date | Msg:
    words = text.split()
    if len(words) > 1 and words[-1] in YEAR_WORDS:
        text = " ".join(words[:-1])
    if text in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[text])
    if match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _NUMERIC.fullmatch(text):
        day, month = int(match[1]), int(match[2])
        year = _full_year(match[3], today)
    elif (match := _WORDY.fullmatch(text)) and (month_no := _month(match[2])):
        day, month, year = int(match[1]), month_no, _full_year(match[3], today)
    else:
        return Msg("field-error-date")
    try:
        return date(year, month, day)
    except ValueError:
        return Msg("field-error-date-nonexistent", {"value": text})


def _full_year(text: str | None, today: date) -> int:
    if text is None:
        return today.year
    year = int(text)
    return year + 2000 if year < 100 else year


def _month(word: str) -> int | None:
    if len(word) < 3:
        return None
    return next((number for stem, number in MONTH_STEMS.items() if word.startswith(stem)), None)
