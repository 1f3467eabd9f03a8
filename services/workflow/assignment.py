"""Choosing executors for new tickets: by hand, automatically, or through a pool.

Tie-breaking is deterministic and documented so that assignments can be
explained to people and reproduced in tests:

- candidates are ordered by ``person_id`` (the staff record id, stable over time);
- round robin takes the first eligible candidate whose id is greater than the
  last auto-assigned one, wrapping to the lowest id; so it keeps its place in
  the rotation even when the last assignee is away or gone;
- least loaded takes the lowest ``open_load``; among equals it takes the one
  that comes first in the round robin order after the last assignee, so equal
  loads are shared out in turn rather than always falling to the lowest id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from services.messages import Msg

_T = TypeVar("_T")


class AssignmentMode(StrEnum):
    MANUAL = "manual"  # managers get "assign" buttons
    ROUND_ROBIN = "auto_round_robin"
    LEAST_LOADED = "auto_least_loaded"
    POOL = "pool"  # offered to eligible executors, the first to take it gets it


AUTOMATIC_MODES = frozenset({AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_LOADED})


@dataclass(frozen=True, slots=True)
class Candidate:
    """An executor as the assignment strategies see them."""

    person_id: int
    position: str
    available: bool = True
    open_load: int = 0
    active: bool = True


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class AssignmentPolicy(BaseModel):
    """How tickets get an executor: a default mode with per-category overrides.

    ``positions_by_category`` limits who may get a ticket of a category, e.g.
    ``{"Электрика": ["Электрик"]}``; categories not listed accept any position.
    Category and position names match ignoring case and extra spaces.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: AssignmentMode = AssignmentMode.MANUAL
    modes_by_category: dict[str, AssignmentMode] = Field(default_factory=dict)
    positions_by_category: dict[str, Annotated[tuple[str, ...], Field(min_length=1)]] = Field(
        default_factory=dict
    )

    def mode_for(self, category: str | None) -> AssignmentMode:
        return _lookup(self.modes_by_category, category) or self.mode

    def positions_for(self, category: str | None) -> frozenset[str] | None:
        """Normalised positions allowed for ``category``; ``None`` means any."""
        positions = _lookup(self.positions_by_category, category)
        return None if positions is None else frozenset(_norm(p) for p in positions)


def _lookup(mapping: dict[str, _T], category: str | None) -> _T | None:
    if category is None:
        return None
    wanted = _norm(category)
    return next((v for k, v in mapping.items() if _norm(k) == wanted), None)


def eligible_candidates(
    policy: AssignmentPolicy, candidates: Sequence[Candidate], category: str | None
) -> list[Candidate]:
    """Active, available candidates whose position fits the category, by ``person_id``."""
    positions = policy.positions_for(category)
    return sorted(
        (
            c
            for c in candidates
            if c.active and c.available and (positions is None or _norm(c.position) in positions)
        ),
        key=lambda c: c.person_id,
    )


def pool_candidates(
    policy: AssignmentPolicy, candidates: Sequence[Candidate], category: str | None
) -> list[Candidate]:
    """Who is offered a pool ticket: the eligible candidates, by ``person_id``."""
    return eligible_candidates(policy, candidates, category)


def manual_candidates(
    policy: AssignmentPolicy, candidates: Sequence[Candidate], category: str | None
) -> list[Candidate]:
    """Everyone active, for a manager's picker: the best fits first.

    Managers may pick anyone active, so nobody is hidden; the order is available
    before away, fitting position before not, lower open load first, then id.
    """
    positions = policy.positions_for(category)
    return sorted(
        (c for c in candidates if c.active),
        key=lambda c: (
            not c.available,
            positions is not None and _norm(c.position) not in positions,
            c.open_load,
            c.person_id,
        ),
    )


def choose_executor(
    policy: AssignmentPolicy,
    candidates: Sequence[Candidate],
    last_assigned_id: int | None,
    category: str | None,
) -> Candidate | None:
    """The executor an automatic mode assigns, or ``None`` if nobody fits.

    ``last_assigned_id`` is the person auto-assigned last time (the caller decides
    whether it tracks it per category). Raises ``ValueError`` when the category's
    mode is not automatic: manual and pool tickets are not assigned here.
    """
    mode = policy.mode_for(category)
    if mode not in AUTOMATIC_MODES:
        raise ValueError(f"assignment mode {mode} is not automatic")
    rotation = _rotation(eligible_candidates(policy, candidates, category), last_assigned_id)
    if not rotation:
        return None
    if mode is AssignmentMode.ROUND_ROBIN:
        return rotation[0]
    # min() keeps the first of equal loads, i.e. the next one in the rotation.
    return min(rotation, key=lambda c: c.open_load)


def _rotation(ordered: list[Candidate], last_assigned_id: int | None) -> list[Candidate]:
    """``ordered`` (by id) rotated to start just after ``last_assigned_id``."""
    if last_assigned_id is None:
        return ordered
    start = next((i for i, c in enumerate(ordered) if c.person_id > last_assigned_id), 0)
    return ordered[start:] + ordered[:start]


def nobody_fits_message(category: str | None) -> Msg:
    """What managers are told when an automatic mode finds no executor."""
    if category is None:
        return Msg("wf-assign-nobody-fits-any")
    return Msg("wf-assign-nobody-fits", {"category": category})
