"""Plain inputs and outputs of the transition rules, free of Telegram and SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.messages import Msg

MANAGER_ROLE = "manager"
EXECUTOR_ROLE = "executor"
SYSTEM_ROLE = "system"


@dataclass(frozen=True, slots=True)
class TicketState:
    """What the rules need to know about a ticket, as read from the database.

    ``closed_at`` is when the ticket entered its current terminal stage (aware
    datetime); ``category`` is the ticket's category choice, if any.
    """

    stage_key: str
    author_id: int
    assignee_id: int | None = None
    category: str | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks for a change: a person with their roles, or the system itself.

    Roles are plain strings (``"manager"``, ``"executor"``, ...), so any ``StrEnum``
    of role names can be passed as is.
    """

    person_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def system(cls) -> Actor:
        """The scheduler or a handler acting on nobody's behalf (e.g. auto-confirmation)."""
        return cls(person_id=None, roles=frozenset({SYSTEM_ROLE}))


class TransitionRules(BaseModel):
    """Configurable knobs of the transition rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reopen_days: int = Field(default=7, ge=0)
    privileged_roles: frozenset[str] = frozenset({MANAGER_ROLE, SYSTEM_ROLE})

    def is_privileged(self, actor: Actor) -> bool:
        return not self.privileged_roles.isdisjoint(actor.roles)


class ActionKind(StrEnum):
    """What a transition means to people; the bot picks wording and dialogue by it."""

    MOVE = "move"
    SKIP = "skip"  # over one or more optional stages
    CONFIRM = "confirm"  # the author accepts the result
    RETURN = "return"  # the author sends the ticket back to work
    REOPEN = "reopen"  # out of a terminal stage


@dataclass(frozen=True, slots=True)
class Allowed:
    """The transition may happen. ``skipped`` lists optional stages passed over."""

    kind: ActionKind
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Denied:
    """The transition must not happen; ``reason`` is shown to the person who asked."""

    reason: Msg


TransitionCheck = Allowed | Denied
