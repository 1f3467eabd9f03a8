"""Business calendar, time limits, escalation and reports ([deadlines])."""

from __future__ import annotations

from typing import Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.calendar_config import CalendarConfig
from services.sla import parse_duration, parse_warning_policy

Audience = Literal["managers", "admins", "executor", "group"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration(value: str) -> str:
    parse_duration(value)
    return value


class PriorityLimit(_Section):
    """A whole-ticket limit for one priority, e.g. ``{ limit = "4h", mode = "working" }``."""

    limit: str
    mode: Literal["working", "calendar"] = "working"

    @field_validator("limit")
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        return _duration(value)


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
    priority_limits: dict[str, PriorityLimit] = {}
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
