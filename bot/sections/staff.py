"""Staff import and onboarding ([staff])."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StaffSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
