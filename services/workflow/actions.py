"""The moves a person may make on a ticket now, for building buttons.

The bot shows only these; when one is pressed the handler still calls
``check_transition`` against the ticket as stored, because buttons go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.messages import MessageArg, Msg
from services.workflow.model import Workflow
from services.workflow.stages import Outcome, StageDefinition
from services.workflow.state import (
    ActionKind,
    Actor,
    Allowed,
    TicketState,
    TransitionRules,
)
from services.workflow.transitions import DEFAULT_RULES, check_transition

_OUTCOME_LABELS = {
    Outcome.DONE: "wf-action-close",
    Outcome.REJECTED: "wf-action-reject",
    Outcome.TRANSFERRED: "wf-action-transfer",
}
_KIND_LABELS = {
    ActionKind.CONFIRM: "wf-action-confirm",
    ActionKind.RETURN: "wf-action-return",
    ActionKind.REOPEN: "wf-action-reopen",
    ActionKind.SKIP: "wf-action-skip",
}


@dataclass(frozen=True, slots=True)
class Action:
    """One button: move to ``target``.

    ``needs_report`` tells the bot to collect a completion report before it
    submits the move (the target or a skipped stage requires one).
    """

    target: str
    kind: ActionKind
    label: Msg
    skipped: tuple[str, ...] = ()
    needs_report: bool = False


def available_actions(
    workflow: Workflow,
    ticket: TicketState,
    actor: Actor,
    *,
    now: datetime,
    rules: TransitionRules = DEFAULT_RULES,
) -> list[Action]:
    """Every transition ``check_transition`` would allow, direct moves first.

    A report is assumed to be provided, since it is collected after the button is
    pressed; everything else (role, assignee, reopening window) is checked.
    """
    actions: list[Action] = []
    for stage in workflow.ordered():
        check = check_transition(
            workflow, ticket, stage.key, actor, has_report=True, now=now, rules=rules
        )
        if isinstance(check, Allowed):
            actions.append(_action(workflow, stage, check))
    return sorted(actions, key=lambda a: a.kind is ActionKind.SKIP)


def _action(workflow: Workflow, target: StageDefinition, check: Allowed) -> Action:
    skipped = [workflow.stage(key) for key in check.skipped]
    args: dict[str, MessageArg] = {"stage": target.name}
    if skipped:
        args["skipped"] = ", ".join(s.name for s in skipped)
    return Action(
        target=target.key,
        kind=check.kind,
        label=Msg(_label_key(target, check.kind), args),
        skipped=check.skipped,
        needs_report=target.needs_report or any(s.needs_report for s in skipped),
    )


def _label_key(target: StageDefinition, kind: ActionKind) -> str:
    if kind in _KIND_LABELS:
        return _KIND_LABELS[kind]
    if target.outcome is not None:
        return _OUTCOME_LABELS[target.outcome]
    if target.needs_report:
        return "wf-action-finish"
    return "wf-action-move"
