"""A validated workflow: the stages a ticket may pass through."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from services.messages import Msg
from services.workflow.stages import StageDefinition
from services.workflow.validation import workflow_errors


class WorkflowError(ValueError):
    """The stages do not form a valid workflow; ``errors`` says why, for people."""

    def __init__(self, errors: Sequence[Msg]) -> None:
        self.errors: tuple[Msg, ...] = tuple(errors)
        super().__init__("; ".join(f"{m.key} {m.args}" for m in self.errors))


@dataclass(frozen=True)
class Workflow:
    """Stages plus the stage every new ticket starts in.

    Construction validates the whole set and raises ``WorkflowError`` listing every
    problem, so a ``Workflow`` instance is always usable.
    """

    stages: tuple[StageDefinition, ...]
    initial: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "stages", tuple(self.stages))
        errors = workflow_errors(self.stages, self.initial)
        if errors:
            raise WorkflowError(errors)

    @cached_property
    def _by_key(self) -> dict[str, StageDefinition]:
        return {s.key: s for s in self.stages}

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[StageDefinition]:
        return iter(self.ordered())

    def __len__(self) -> int:
        return len(self.stages)

    def get(self, key: str) -> StageDefinition | None:
        return self._by_key.get(key)

    def stage(self, key: str) -> StageDefinition:
        """The stage with ``key``; ``KeyError`` if there is none."""
        return self._by_key[key]

    def ordered(self) -> list[StageDefinition]:
        """Stages sorted for display: by ``order``, then key."""
        return sorted(self.stages, key=lambda s: (s.order, s.key))

    @property
    def initial_stage(self) -> StageDefinition:
        return self._by_key[self.initial]

    @property
    def terminal_stages(self) -> list[StageDefinition]:
        return [s for s in self.ordered() if s.terminal]
