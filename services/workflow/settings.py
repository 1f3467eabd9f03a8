"""Stages, assignment and confirmation ([workflow])."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.workflow import (
    AssignmentPolicy,
    TransitionRules,
    Workflow,
    load_default_workflow,
    workflow_from_config,
)


class NotifySettings(BaseModel):
    """Who is told about what (the assignee is always told about their own tickets)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The author hears when their ticket is taken, moved, transferred or closed.
    author_on_stage_change: bool = True
    # Managers hear about refusals, returns and auto-confirmations, not only new tickets.
    managers_on_changes: bool = True
    # A managers' group chat (e.g. -1001234567890) told about the same as managers; 0 = none.
    managers_chat_id: int = 0


class WorkflowSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Stages overriding services/workflow/default_workflow.toml; empty = the default.
    initial: str | None = None
    stages: list[dict[str, Any]] = Field(default_factory=list)
    assignment: AssignmentPolicy = AssignmentPolicy()
    auto_confirm_hours: float = Field(default=24, gt=0)
    reopen_days: int = Field(default=7, ge=0)
    notify: NotifySettings = NotifySettings()

    @model_validator(mode="after")
    def _stages_form_a_workflow(self) -> WorkflowSettings:
        self.workflow()  # raises WorkflowError (a ValueError) listing every problem
        return self

    def workflow(self) -> Workflow:
        if not self.stages:
            return load_default_workflow()
        return workflow_from_config(self.stages, self.initial)

    @property
    def rules(self) -> TransitionRules:
        return TransitionRules(reopen_days=self.reopen_days)
