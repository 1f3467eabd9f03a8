"""Checks that a set of stages forms a usable workflow.

Every problem is a ``Msg`` so a manager uploading a stage file sees all of them
at once, in their language. Messages about one stage carry its key in ``stage``.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence

from services.messages import MessageArg, Msg
from services.workflow.stages import StageDefinition


def workflow_errors(stages: Sequence[StageDefinition], initial: str) -> list[Msg]:
    """Return every problem of the workflow; an empty list means it is valid."""
    if not stages:
        return [Msg("wf-error-no-stages")]
    errors: list[Msg] = []
    counts = Counter(s.key for s in stages)
    errors += [Msg("wf-error-duplicate-key", {"stage": k}) for k, n in counts.items() if n > 1]
    by_key = {s.key: s for s in stages}
    for stage in stages:
        errors += _stage_errors(stage, by_key)
    if initial not in by_key:
        errors.append(Msg("wf-error-unknown-initial", {"stage": initial}))
        return errors
    if by_key[initial].terminal:
        errors.append(Msg("wf-error-initial-terminal", {"stage": initial}))
    if not any(s.terminal for s in stages):
        errors.append(Msg("wf-error-no-terminal"))
        return errors
    reachable = _reachable(initial, by_key)
    errors += [
        Msg("wf-error-unreachable", {"stage": s.key}) for s in stages if s.key not in reachable
    ]
    finishing = _can_finish(by_key)
    errors += [
        Msg("wf-error-dead-end", {"stage": s.key})
        for s in stages
        if not s.terminal and s.key not in finishing
    ]
    return errors


def _stage_errors(stage: StageDefinition, by_key: Mapping[str, StageDefinition]) -> list[Msg]:
    errors: list[Msg] = []
    key = stage.key
    if stage.terminal and stage.next_stages:
        errors.append(Msg("wf-error-terminal-has-next", {"stage": key}))
    if stage.required and stage.skip_for_categories:
        errors.append(Msg("wf-error-skip-rule-on-required", {"stage": key}))
    seen: set[str] = set()
    for target in stage.next_stages:
        if target in seen:
            errors.append(Msg("wf-error-duplicate-target", {"stage": key, "target": target}))
        seen.add(target)
        if target == key:
            errors.append(Msg("wf-error-self-transition", {"stage": key}))
        elif target not in by_key:
            errors.append(Msg("wf-error-unknown-target", {"stage": key, "target": target}))
    if stage.reopen_to is not None:
        errors += _reopen_errors(stage, stage.reopen_to, by_key)
    return errors


def _reopen_errors(
    stage: StageDefinition, target: str, by_key: Mapping[str, StageDefinition]
) -> list[Msg]:
    args: dict[str, MessageArg] = {"stage": stage.key, "target": target}
    if not stage.terminal:
        return [Msg("wf-error-reopen-on-non-terminal", {"stage": stage.key})]
    if target not in by_key:
        return [Msg("wf-error-unknown-target", args)]
    if by_key[target].terminal:
        return [Msg("wf-error-reopen-to-terminal", args)]
    return []


def _successors(stage: StageDefinition) -> Iterable[str]:
    yield from stage.next_stages
    # A stage entered only by reopening is still reachable in practice.
    if stage.reopen_to is not None:
        yield stage.reopen_to


def _reachable(initial: str, by_key: Mapping[str, StageDefinition]) -> set[str]:
    seen = {initial}
    queue = deque([initial])
    while queue:
        for target in _successors(by_key[queue.popleft()]):
            if target in by_key and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_finish(by_key: Mapping[str, StageDefinition]) -> set[str]:
    """Stages with a path of ordinary transitions to some terminal stage."""
    predecessors: dict[str, set[str]] = {k: set() for k in by_key}
    for stage in by_key.values():
        for target in stage.next_stages:
            if target in predecessors:
                predecessors[target].add(stage.key)
    done = {k for k, s in by_key.items() if s.terminal}
    queue = deque(done)
    while queue:
        for source in predecessors[queue.popleft()]:
            if source not in done:
                done.add(source)
                queue.append(source)
    return done
