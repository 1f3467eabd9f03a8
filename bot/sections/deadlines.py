"""Business calendar, time limits, escalation and reports ([deadlines])."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class DeadlineSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
