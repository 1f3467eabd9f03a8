"""Kinds of ticket events (the append-only history that reports are computed from)."""

from __future__ import annotations

import enum


class EventKind(enum.StrEnum):
    CREATED = "created"
    FIELD_CHANGED = "field_changed"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    REFUSED = "refused"
    STAGE_CHANGED = "stage_changed"
    COMMENT = "comment"
    ATTACHMENT = "attachment"
    INFO_REQUESTED = "info_requested"
    INFO_ANSWERED = "info_answered"
    REPORT = "report"
    CONFIRMED = "confirmed"
    AUTO_CONFIRMED = "auto_confirmed"
    RETURNED = "returned"
    REOPENED = "reopened"
    TRANSFERRED = "transferred"
    DEADLINE_WARNED = "deadline_warned"
    DEADLINE_BREACHED = "deadline_breached"
    ESCALATED = "escalated"
