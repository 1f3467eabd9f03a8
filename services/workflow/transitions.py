"""Server-side transition rules: may this person move this ticket to that stage?

Handlers call ``check_transition`` with the ticket as it is in the database now,
whatever button was pressed, so forged or stale buttons change nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta

from services.messages import MessageArg, Msg
from services.workflow.model import Workflow
from services.workflow.stages import Outcome, StageDefinition
from services.workflow.state import (
    EXECUTOR_ROLE,
    ActionKind,
    Actor,
    Allowed,
    Denied,
    TicketState,
    TransitionCheck,
    TransitionRules,
)

DEFAULT_RULES = TransitionRules()


def check_transition(
    workflow: Workflow,
    ticket: TicketState,
    target_key: str,
    actor: Actor,
    *,
    has_report: bool,
    now: datetime,
    rules: TransitionRules = DEFAULT_RULES,
    expected_stage: str | None = None,
) -> TransitionCheck:
    """Decide whether ``actor`` may move ``ticket`` to ``target_key``.

    - ``expected_stage``: the stage the button was made for; if the ticket has moved
      on since, the request is stale and denied.
    - Only the assignee or a privileged actor (manager, system) moves an assigned
      ticket; only a privileged actor moves an unassigned one. To check a "take"
      (assign oneself and start), pass the ticket with the new assignee filled in.
    - In a stage that ``needs_author_confirmation`` only the author or a privileged
      actor moves the ticket on (confirm or return).
    - Targets must be in the current stage's ``next_stages``, or be reached by
      skipping optional stages: by their category rule, or by a privileged actor.
    - Entering a stage checks its requirements and those of every skipped stage
      (an assignee, a report); skipping the confirmation stage skips only the
      confirmation itself.
    - A terminal stage is left only for its ``reopen_to``, by the author or a
      privileged actor, at most ``rules.reopen_days`` days after ``closed_at``.
    """
    if expected_stage is not None and expected_stage != ticket.stage_key:
        return _deny("wf-deny-stale", stage=_name(workflow, ticket.stage_key))
    current = workflow.get(ticket.stage_key)
    if current is None:
        return _deny("wf-deny-unknown-stage", stage=ticket.stage_key)
    target = workflow.get(target_key)
    if target is None:
        return _deny("wf-deny-unknown-stage", stage=target_key)
    if target.key == current.key:
        return _deny("wf-deny-same-stage", stage=current.name)
    privileged = rules.is_privileged(actor)
    if current.terminal:
        return _check_reopen(current, target, ticket, actor, privileged, now, rules, has_report)
    skipped = _route(workflow, current, target, ticket.category, may_skip_any=privileged)
    if skipped is None:
        return _deny("wf-deny-not-allowed", source=current.name, target=target.name)
    denial = _check_actor(current, ticket, actor, privileged) or _check_requirements(
        [*skipped, target], ticket, has_report
    )
    if denial is not None:
        return denial
    return Allowed(_kind(current, target, skipped), tuple(s.key for s in skipped))


def _check_reopen(
    current: StageDefinition,
    target: StageDefinition,
    ticket: TicketState,
    actor: Actor,
    privileged: bool,
    now: datetime,
    rules: TransitionRules,
    has_report: bool,
) -> TransitionCheck:
    if current.reopen_to != target.key:
        return _deny("wf-deny-terminal", stage=current.name)
    if not privileged and actor.person_id != ticket.author_id:
        return _deny("wf-deny-reopen-forbidden")
    # Without a closing time the window cannot be checked, so it counts as expired.
    window = timedelta(days=rules.reopen_days)
    if ticket.closed_at is None or now - ticket.closed_at > window:
        return _deny("wf-deny-reopen-window", days=rules.reopen_days)
    return _check_requirements([target], ticket, has_report) or Allowed(ActionKind.REOPEN)


def _route(
    workflow: Workflow,
    current: StageDefinition,
    target: StageDefinition,
    category: str | None,
    *,
    may_skip_any: bool,
) -> tuple[StageDefinition, ...] | None:
    """Stages skipped on the shortest way to ``target``; ``None`` if there is no way.

    Breadth-first over ``next_stages`` in their configured order, so the answer is
    deterministic when several ways exist.
    """
    queue: deque[tuple[StageDefinition, tuple[StageDefinition, ...]]] = deque([(current, ())])
    seen = {current.key}
    while queue:
        stage, skipped = queue.popleft()
        for key in stage.next_stages:
            if key == target.key:
                return skipped
            following = workflow.get(key)
            if following is None or key in seen:
                continue
            if not _may_skip(following, category, may_skip_any=may_skip_any):
                continue
            seen.add(key)
            queue.append((following, (*skipped, following)))
    return None


def _may_skip(stage: StageDefinition, category: str | None, *, may_skip_any: bool) -> bool:
    if stage.required or stage.terminal:
        return False
    return may_skip_any or stage.skipped_for(category)


def _check_actor(
    current: StageDefinition, ticket: TicketState, actor: Actor, privileged: bool
) -> Denied | None:
    if privileged:
        return None
    if current.needs_author_confirmation:
        return None if actor.person_id == ticket.author_id else _deny("wf-deny-not-author")
    if ticket.assignee_id is None:
        return _deny("wf-deny-unassigned")
    if actor.person_id != ticket.assignee_id:
        return _deny("wf-deny-not-assignee")
    if EXECUTOR_ROLE not in actor.roles:  # the role was taken away while the ticket was theirs
        return _deny("wf-deny-not-executor")
    return None


def _check_requirements(
    entered: Sequence[StageDefinition], ticket: TicketState, has_report: bool
) -> Denied | None:
    for stage in entered:
        if stage.needs_assignee and ticket.assignee_id is None:
            return _deny("wf-deny-needs-assignee", stage=stage.name)
        if stage.needs_report and not has_report:
            return _deny("wf-deny-needs-report", stage=stage.name)
    return None


def _kind(
    current: StageDefinition, target: StageDefinition, skipped: Sequence[StageDefinition]
) -> ActionKind:
    if skipped:
        return ActionKind.SKIP
    if current.needs_author_confirmation:
        if target.outcome is Outcome.DONE:
            return ActionKind.CONFIRM
        if not target.terminal:
            return ActionKind.RETURN
    return ActionKind.MOVE


def _name(workflow: Workflow, key: str) -> str:
    stage = workflow.get(key)
    return stage.name if stage is not None else key


def _deny(key: str, **args: MessageArg) -> Denied:
    return Denied(Msg(key, dict(args)))
