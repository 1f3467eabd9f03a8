"""Business calendar, time limits, escalation and reports ([deadlines])."""

from __future__ import annotations

from typing import Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.calendar_config import CalendarConfig, _parse_interval
from services.sla import parse_duration, parse_warning_policy

Audience = Literal["managers", "admins", "executor", "group"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration(value: str) -> str:
    parse_duration(value)
    return value


class PriorityLimit(_Section):
    """A whole-ticket limit (a norm), e.g. ``{ limit = "4h", mode = "working" }``.

    ``basis``: where the norm comes from, shown beside the deadline («ПП РФ № 416, п. 13»).
    ``window``: the clock runs only between these times of every calendar day (weekends and
    holidays included), e.g. "08:00-23:00": a request at 23:30 with "2h" is due at 10:00.
    """

    limit: str
    mode: Literal["working", "calendar"] = "working"
    basis: str = Field(default="", max_length=200)
    window: str | None = None

    @field_validator("limit")
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        return _duration(value)

    @field_validator("window")
    @classmethod
    def _valid_window(cls, value: str | None) -> str | None:
        if value:
            _parse_interval(value)
        return value or None


DECREE_416 = "ПП РФ № 416, п. 13"
# A housing company's emergency service: round the clock, counted from registration.
DEFAULT_PRIORITY_LIMITS: dict[str, PriorityLimit] = {
    "Аварийная": PriorityLimit(limit="2h", mode="calendar", basis="регламент аварийной службы"),
}
DEFAULT_EMERGENCY_LIMITS: dict[str, PriorityLimit] = {
    "Авария: вода / канализация / отопление / электричество": PriorityLimit(
        limit="30m", mode="calendar", basis=DECREE_416
    ),
    "Засор канализации": PriorityLimit(limit="2h", mode="calendar", basis=DECREE_416),
    "Засор мусоропровода": PriorityLimit(
        limit="2h", mode="calendar", basis=DECREE_416, window="08:00-23:00"
    ),
}


class EscalationStep(_Section):
    """``after`` overdue (calendar time since the stage deadline) tell ``notify``."""

    after: str
    notify: Audience = "managers"

    @field_validator("after")
    @classmethod
    def _valid_after(cls, value: str) -> str:
        return _duration(value)


class ReportSchedule(_Section):
    """A report sent by a cron schedule (company time zone) for the period just ended."""

    name: str = Field(pattern=r"^[a-z0-9_-]{1,40}$")
    cron: str
    period: Literal["day", "week", "month"] = "day"
    recipients: tuple[Literal["managers", "group"], ...] = ("managers",)

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        CronTrigger.from_crontab(value)
        return value


class DeadlineSettings(_Section):
    calendar: CalendarConfig = CalendarConfig()
    warning: str = "80%"
    # Matched to the ticket's "priority" value (any letter case). Replaces the default whole.
    priority_limits: dict[str, PriorityLimit] = DEFAULT_PRIORITY_LIMITS
    # The kind of emergency (a value of the field ``emergency_field``) has the more specific
    # norm: it wins over the priority's.
    emergency_field: str = Field(default="emergency", pattern=r"^[a-z][a-z0-9_]*$")
    emergency_limits: dict[str, PriorityLimit] = DEFAULT_EMERGENCY_LIMITS
    escalation: tuple[EscalationStep, ...] = ()
    sweep_interval_seconds: int = Field(default=30, ge=1, le=3600)
    managers_chat_id: int | None = None
    # No schedule unless configured (config.example.toml ships daily, weekly and monthly).
    reports: tuple[ReportSchedule, ...] = ()
    report_catchup_hours: int = Field(default=6, ge=0, le=72)

    @field_validator("warning")
    @classmethod
    def _valid_warning(cls, value: str) -> str:
        parse_warning_policy(value)
        return value

    @field_validator("escalation")
    @classmethod
    def _ordered_steps(cls, steps: tuple[EscalationStep, ...]) -> tuple[EscalationStep, ...]:
        afters = [parse_duration(step.after) for step in steps]
        if afters != sorted(afters) or len(set(afters)) != len(afters):
            raise ValueError("escalation steps must have increasing 'after' durations")
        return steps

    @field_validator("reports")
    @classmethod
    def _unique_names(cls, reports: tuple[ReportSchedule, ...]) -> tuple[ReportSchedule, ...]:
        names = [report.name for report in reports]
        if len(set(names)) != len(names):
            raise ValueError("report schedule names must be unique")
        return reports
