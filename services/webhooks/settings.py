"""``[webhooks]``: events sent out to other systems (outgoing webhooks)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OutgoingWebhookSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # An endpoint whose deliveries failed this many times in a row is switched off and the
    # administrators are told; switched on again in /webhooks, it gets what is still queued.
    disable_after_failures: int = Field(default=20, ge=1, le=10_000)
    # One POST waits this long for the answer; longer counts as an uncertain failure.
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Back-off after a failure that proves nothing was delivered: 1 s, 2 s, 4 s ... up to this.
    max_backoff_seconds: int = Field(default=300, ge=1, le=3600)
