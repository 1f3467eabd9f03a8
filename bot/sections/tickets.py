"""Tickets and their fields ([tickets])."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TicketSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
