"""Buttons offered for a ticket: only what the server would accept."""

from datetime import UTC, datetime, timedelta

from services.messages import Msg
from services.workflow import (
    Action,
    ActionKind,
    Actor,
    StageDefinition,
    TicketState,
    Workflow,
    available_actions,
    load_default_workflow,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
AUTHOR, EXECUTOR = 1, 2
WF = load_default_workflow()
author = Actor(AUTHOR, frozenset({"operator"}))
executor = Actor(EXECUTOR, frozenset({"executor"}))
manager = Actor(9, frozenset({"manager"}))


def actions(state: TicketState, actor: Actor, workflow: Workflow = WF) -> list[Action]:
    return available_actions(workflow, state, actor, now=NOW)


def test_executor_actions_in_work():
    state = TicketState("in_progress", author_id=AUTHOR, assignee_id=EXECUTOR)

    assert actions(state, executor) == [
        Action(
            "awaiting_info", ActionKind.MOVE, Msg("wf-action-move", {"stage": "Ожидает информации"})
        ),
        Action(
            "awaiting_confirmation",
            ActionKind.MOVE,
            Msg("wf-action-finish", {"stage": "Ожидает подтверждения"}),
            needs_report=True,
        ),
        Action("rejected", ActionKind.MOVE, Msg("wf-action-reject", {"stage": "Отклонена"})),
        Action(
            "transferred",
            ActionKind.MOVE,
            Msg("wf-action-transfer", {"stage": "Передана в другой отдел"}),
        ),
    ]


def test_manager_sees_the_same_moves_in_work():
    state = TicketState("in_progress", author_id=AUTHOR, assignee_id=EXECUTOR)

    assert [a.target for a in actions(state, manager)] == [
        "awaiting_info",
        "awaiting_confirmation",
        "rejected",
        "transferred",
    ]


def test_author_has_no_buttons_while_the_ticket_is_in_work():
    state = TicketState("in_progress", author_id=AUTHOR, assignee_id=EXECUTOR)

    assert actions(state, author) == []


def test_author_confirms_or_returns():
    state = TicketState("awaiting_confirmation", author_id=AUTHOR, assignee_id=EXECUTOR)

    assert [(a.target, a.kind, a.label.key) for a in actions(state, author)] == [
        ("in_progress", ActionKind.RETURN, "wf-action-return"),
        ("closed", ActionKind.CONFIRM, "wf-action-confirm"),
    ]
    assert actions(state, executor) == []


def test_unassigned_new_ticket():
    state = TicketState("new", author_id=AUTHOR)

    assert actions(state, executor) == []
    assert [a.target for a in actions(state, manager)] == ["rejected", "transferred"]


def test_reopen_button_only_within_window():
    recent = TicketState("closed", AUTHOR, EXECUTOR, closed_at=NOW - timedelta(days=1))
    old = TicketState("closed", AUTHOR, EXECUTOR, closed_at=NOW - timedelta(days=30))

    assert actions(recent, author) == [
        Action("in_progress", ActionKind.REOPEN, Msg("wf-action-reopen", {"stage": "В работе"}))
    ]
    assert actions(old, author) == []
    assert actions(recent, executor) == []


def test_skip_actions_come_after_direct_moves():
    wf = Workflow(
        (
            StageDefinition(key="work", name="Work", order=1, next_stages=("check", "drop")),
            StageDefinition(
                key="check",
                name="Check",
                order=2,
                required=False,
                skip_for_categories=("fast",),
                next_stages=("done",),
            ),
            StageDefinition(key="done", name="Done", order=3, outcome="done"),
            StageDefinition(key="drop", name="Drop", order=4, outcome="rejected"),
        ),
        "work",
    )
    state = TicketState("work", AUTHOR, EXECUTOR, category="fast")

    assert actions(state, executor, wf) == [
        Action("check", ActionKind.MOVE, Msg("wf-action-move", {"stage": "Check"})),
        Action("drop", ActionKind.MOVE, Msg("wf-action-reject", {"stage": "Drop"})),
        Action(
            "done",
            ActionKind.SKIP,
            Msg("wf-action-skip", {"stage": "Done", "skipped": "Check"}),
            skipped=("check",),
        ),
    ]
