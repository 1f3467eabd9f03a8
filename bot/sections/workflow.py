"""Stages, assignment and confirmation ([workflow])."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WorkflowSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
