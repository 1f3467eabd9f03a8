"""The API's request and response bodies; the OpenAPI schema is built from these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Error(BaseModel):
    """Every error: a stable code, a human-readable detail and, for 422, a message per field."""

    error: str = Field(examples=["validation_failed"])
    detail: str = ""
    fields: dict[str, str] = Field(default_factory=dict)


class TicketCreate(BaseModel):
    """Field values by field key, as the ticket form has them."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any] = Field(
        examples=[
            {
                "address": "ул. Ленина, д. 5",
                "client": "Иванова Мария Петровна",
                "phone": "+7 921 555-01-01",
                "category": "Сантехника",
                "priority": "Обычная",
                "description": "Течёт стояк в ванной",
            }
        ],
        description=(
            "Strings are read as an operator's typed answer (choices by label or number, dates"
            " as 05.12.2026 or 2026-12-05, date and time as 2026-12-05 14:30); numbers, true/"
            "false and lists of choice labels are accepted as such. Attachments cannot be sent."
        ),
    )


class Stage(BaseModel):
    key: str
    name: str


class PersonRef(BaseModel):
    id: int
    name: str | None = None


class HistoryItem(BaseModel):
    at: datetime
    kind: str
    actor: PersonRef | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    text: str | None = None


class TicketSummary(BaseModel):
    number: int
    stage: Stage
    category: str | None = None
    priority: str | None = None
    subject: str = ""
    assignee: PersonRef | None = None
    created_at: datetime
    closed_at: datetime | None = None
    deadline_at: datetime | None = None


class TicketOut(TicketSummary):
    """A ticket. Keys without the ``read`` scope get no personal-data fields and no history."""

    outcome: str | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    history: list[HistoryItem] = Field(default_factory=list)


class TicketList(BaseModel):
    items: list[TicketSummary]
    next_cursor: str | None = Field(
        default=None, description="Pass as ``cursor`` for the next page; null on the last one."
    )


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4096)


class CommentOut(BaseModel):
    ticket_number: int
    at: datetime
    text: str


class StaffMember(BaseModel):
    id: int
    name: str
    position: str | None = None
    department: str | None = None
    roles: list[str]
    available: bool


class StaffList(BaseModel):
    items: list[StaffMember]


class CallCreate(BaseModel):
    """A call the telephony reports (``POST /api/calls``)."""

    phone: str = Field(
        examples=["+7 921 555-01-01"], description="The caller's number, in any usual form."
    )
    line: str | None = Field(
        default=None, max_length=100, description="The line or queue the call came in on."
    )
    operator_id: int | None = Field(
        default=None,
        description="Tell only this operator (a person id); otherwise every operator on duty.",
    )


class CallAccepted(BaseModel):
    call_id: int
    told: int = Field(description="How many operators were told.")


MODELS: tuple[type[BaseModel], ...] = (
    Error,
    TicketCreate,
    Stage,
    PersonRef,
    HistoryItem,
    TicketSummary,
    TicketOut,
    TicketList,
    CommentCreate,
    CommentOut,
    StaffMember,
    StaffList,
    CallCreate,
    CallAccepted,
)
