"""One stage of a ticket's workflow, as configured data."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, StringConstraints

STAGE_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

StageKey = Annotated[str, StringConstraints(pattern=STAGE_KEY_PATTERN)]


class Outcome(StrEnum):
    """How a ticket ends when it enters a terminal stage."""

    DONE = "done"
    REJECTED = "rejected"
    TRANSFERRED = "transferred"


class LimitMode(StrEnum):
    """Whether a time limit counts business hours or wall-clock time."""

    WORKING = "working"
    CALENDAR = "calendar"


class TimeLimit(BaseModel):
    """How long a ticket may stay in a stage; the deadlines code does the arithmetic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minutes: PositiveInt
    mode: LimitMode = LimitMode.WORKING


class StageDefinition(BaseModel):
    """A stage as managers configure it.

    Only the shape of each field is checked here; rules that involve other stages
    (known targets, reachability, reopening) are checked by ``workflow_errors``.

    ``needs_author_confirmation`` marks the stage where the ticket waits for its
    author: while a ticket is there only the author (or a manager, or the system
    auto-confirming) may move it on - to confirm or to return it to work.
    ``skip_for_categories`` lets anyone who may move the ticket skip this optional
    stage for tickets of those categories; managers may skip any optional stage.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: StageKey
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    order: Annotated[int, Field(ge=0)]
    required: bool = True
    skip_for_categories: tuple[str, ...] = ()
    next_stages: tuple[StageKey, ...] = ()
    outcome: Outcome | None = None
    needs_assignee: bool = False
    needs_report: bool = False
    needs_author_confirmation: bool = False
    time_limit: TimeLimit | None = None
    pauses_clock: bool = False
    reopen_to: StageKey | None = None

    @property
    def terminal(self) -> bool:
        return self.outcome is not None

    def skipped_for(self, category: str | None) -> bool:
        """Whether the skip rule applies to a ticket of ``category`` (case-insensitive)."""
        if self.required or category is None:
            return False
        wanted = category.strip().casefold()
        return any(c.strip().casefold() == wanted for c in self.skip_for_categories)
