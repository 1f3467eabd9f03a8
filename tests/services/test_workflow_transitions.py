"""Server-side transition rules, allowed and denied, including forged requests."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.messages import Msg
from services.workflow import (
    ActionKind,
    Actor,
    Allowed,
    Denied,
    StageDefinition,
    TicketState,
    TransitionRules,
    Workflow,
    check_transition,
    load_default_workflow,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
AUTHOR, EXECUTOR, OTHER_EXECUTOR, MANAGER = 1, 2, 3, 9
WF = load_default_workflow()

author = Actor(AUTHOR, frozenset({"operator"}))
executor = Actor(EXECUTOR, frozenset({"executor"}))
other_executor = Actor(OTHER_EXECUTOR, frozenset({"executor"}))
manager = Actor(MANAGER, frozenset({"manager"}))


def ticket(stage: str, assignee: int | None = EXECUTOR, **extra: object) -> TicketState:
    return TicketState(stage_key=stage, author_id=AUTHOR, assignee_id=assignee, **extra)


def check(
    state: TicketState,
    target: str,
    actor: Actor,
    *,
    has_report: bool = False,
    workflow: Workflow = WF,
    **extra: object,
) -> Allowed | Denied:
    return check_transition(workflow, state, target, actor, has_report=has_report, now=NOW, **extra)


def denied(key: str, **args: object) -> Denied:
    return Denied(Msg(key, dict(args)))


# --- moving an assigned ticket ---------------------------------------------------------


def test_assignee_finishes_with_report():
    result = check(ticket("in_progress"), "awaiting_confirmation", executor, has_report=True)

    assert result == Allowed(ActionKind.MOVE)


def test_finishing_without_report_is_denied():
    result = check(ticket("in_progress"), "awaiting_confirmation", executor, has_report=False)

    assert result == denied("wf-deny-needs-report", stage="Ожидает подтверждения")


def test_another_executor_cannot_move_someone_elses_ticket():
    result = check(ticket("in_progress"), "awaiting_info", other_executor)

    assert result == denied("wf-deny-not-assignee")


def test_author_cannot_move_a_ticket_in_work():
    assert check(ticket("in_progress"), "rejected", author) == denied("wf-deny-not-assignee")


def test_manager_moves_anyones_ticket():
    assert check(ticket("in_progress"), "transferred", manager) == Allowed(ActionKind.MOVE)


def test_assignee_asks_for_information_and_comes_back():
    assert check(ticket("in_progress"), "awaiting_info", executor) == Allowed(ActionKind.MOVE)
    assert check(ticket("awaiting_info"), "in_progress", executor) == Allowed(ActionKind.MOVE)


def test_system_returns_ticket_when_author_answers():
    result = check(ticket("awaiting_info"), "in_progress", Actor.system())

    assert result == Allowed(ActionKind.MOVE)


# --- taking a new ticket -----------------------------------------------------------------


def test_executor_cannot_move_an_unassigned_ticket():
    assert check(ticket("new", None), "in_progress", executor) == denied("wf-deny-unassigned")


def test_entering_in_progress_needs_an_assignee_even_for_a_manager():
    result = check(ticket("new", None), "in_progress", manager)

    assert result == denied("wf-deny-needs-assignee", stage="В работе")


def test_taking_a_ticket_checks_it_with_the_new_assignee():
    taken = replace(ticket("new", None), assignee_id=EXECUTOR)

    assert check(taken, "in_progress", executor) == Allowed(ActionKind.MOVE)


def test_manager_rejects_an_unassigned_ticket():
    assert check(ticket("new", None), "rejected", manager) == Allowed(ActionKind.MOVE)


# --- confirmation ------------------------------------------------------------------------


def test_author_confirms_and_returns():
    state = ticket("awaiting_confirmation")

    assert check(state, "closed", author) == Allowed(ActionKind.CONFIRM)
    assert check(state, "in_progress", author) == Allowed(ActionKind.RETURN)


def test_executor_cannot_confirm_or_return():
    state = ticket("awaiting_confirmation")

    assert check(state, "closed", executor) == denied("wf-deny-not-author")
    assert check(state, "in_progress", executor) == denied("wf-deny-not-author")


def test_manager_and_system_confirm():
    state = ticket("awaiting_confirmation")

    assert check(state, "closed", manager) == Allowed(ActionKind.CONFIRM)
    assert check(state, "closed", Actor.system()) == Allowed(ActionKind.CONFIRM)


def test_author_who_is_also_the_executor_confirms():
    state = TicketState("awaiting_confirmation", author_id=EXECUTOR, assignee_id=EXECUTOR)

    assert check(state, "closed", executor) == Allowed(ActionKind.CONFIRM)


# --- forged and stale buttons ------------------------------------------------------------


def test_stale_button_for_a_stage_the_ticket_left():
    result = check(ticket("closed"), "awaiting_info", executor, expected_stage="in_progress")

    assert result == denied("wf-deny-stale", stage="Закрыта")


def test_matching_expected_stage_passes():
    result = check(ticket("in_progress"), "awaiting_info", executor, expected_stage="in_progress")

    assert result == Allowed(ActionKind.MOVE)


def test_button_from_an_earlier_stage_without_expected_stage():
    result = check(ticket("awaiting_confirmation"), "awaiting_info", executor)

    assert result == denied(
        "wf-deny-not-allowed", source="Ожидает подтверждения", target="Ожидает информации"
    )


def test_transition_not_in_allowed_next():
    assert check(ticket("new"), "closed", executor) == denied(
        "wf-deny-not-allowed", source="Новая", target="Закрыта"
    )


def test_manager_cannot_skip_a_required_stage():
    result = check(ticket("in_progress"), "closed", manager, has_report=True)

    assert result == denied("wf-deny-not-allowed", source="В работе", target="Закрыта")


def test_unknown_target_and_unknown_current_stage():
    assert check(ticket("in_progress"), "archive", manager) == denied(
        "wf-deny-unknown-stage", stage="archive"
    )
    assert check(ticket("archive"), "new", manager) == denied(
        "wf-deny-unknown-stage", stage="archive"
    )


def test_same_stage():
    assert check(ticket("in_progress"), "in_progress", manager) == denied(
        "wf-deny-same-stage", stage="В работе"
    )


def test_leaving_a_terminal_stage_other_than_by_reopening():
    closed = ticket("closed", closed_at=NOW)

    assert check(closed, "new", manager) == denied("wf-deny-terminal", stage="Закрыта")
    transferred = ticket("transferred", closed_at=NOW)
    assert check(transferred, "new", manager) == denied(
        "wf-deny-terminal", stage="Передана в другой отдел"
    )


# --- reopening ---------------------------------------------------------------------------


def test_author_and_manager_reopen_within_the_window():
    closed = ticket("closed", closed_at=NOW - timedelta(days=3))

    assert check(closed, "in_progress", author) == Allowed(ActionKind.REOPEN)
    assert check(closed, "in_progress", manager) == Allowed(ActionKind.REOPEN)


def test_executor_cannot_reopen():
    closed = ticket("closed", closed_at=NOW - timedelta(days=1))

    assert check(closed, "in_progress", executor) == denied("wf-deny-reopen-forbidden")


def test_reopen_window_boundary():
    on_the_edge = ticket("closed", closed_at=NOW - timedelta(days=7))
    too_late = ticket("closed", closed_at=NOW - timedelta(days=7, seconds=1))

    assert check(on_the_edge, "in_progress", author) == Allowed(ActionKind.REOPEN)
    assert check(too_late, "in_progress", author) == denied("wf-deny-reopen-window", days=7)
    assert check(too_late, "in_progress", manager) == denied("wf-deny-reopen-window", days=7)


def test_reopen_window_is_configurable():
    late = ticket("closed", closed_at=NOW - timedelta(days=20))

    result = check(late, "in_progress", author, rules=TransitionRules(reopen_days=30))

    assert result == Allowed(ActionKind.REOPEN)


def test_reopen_without_closing_time_is_denied():
    assert check(ticket("closed"), "in_progress", author) == denied("wf-deny-reopen-window", days=7)


def test_rejected_ticket_reopens_to_new():
    rejected = ticket("rejected", None, closed_at=NOW - timedelta(hours=2))

    assert check(rejected, "new", author) == Allowed(ActionKind.REOPEN)


# --- optional stages ---------------------------------------------------------------------

SKIPPY = Workflow(
    (
        StageDefinition(key="work", name="Work", order=1, next_stages=("review",)),
        StageDefinition(
            key="review",
            name="Review",
            order=2,
            required=False,
            skip_for_categories=("Уборка",),
            needs_report=True,
            next_stages=("check",),
        ),
        StageDefinition(key="check", name="Check", order=3, required=False, next_stages=("done",)),
        StageDefinition(key="done", name="Done", order=4, outcome="done"),
    ),
    "work",
)


def test_skip_by_category_rule():
    state = ticket("work", category="уборка")

    result = check(state, "check", executor, has_report=True, workflow=SKIPPY)

    assert result == Allowed(ActionKind.SKIP, ("review",))


def test_skip_without_rule_is_denied_for_executor():
    state = ticket("work", category="Электрика")

    result = check(state, "check", executor, has_report=True, workflow=SKIPPY)

    assert result == denied("wf-deny-not-allowed", source="Work", target="Check")


def test_manager_skips_any_optional_stages():
    state = ticket("work", category="Электрика")

    result = check(state, "done", manager, has_report=True, workflow=SKIPPY)

    assert result == Allowed(ActionKind.SKIP, ("review", "check"))


def test_skipped_stage_requirements_still_apply():
    state = ticket("work", category="Уборка")

    result = check(state, "check", executor, has_report=False, workflow=SKIPPY)

    assert result == denied("wf-deny-needs-report", stage="Review")


def test_privileged_roles_are_configurable():
    rules = TransitionRules(privileged_roles=frozenset({"admin"}))
    admin = Actor(50, frozenset({"admin"}))

    assert check(ticket("in_progress"), "rejected", admin, rules=rules) == Allowed(ActionKind.MOVE)
    assert check(ticket("in_progress"), "rejected", manager, rules=rules) == denied(
        "wf-deny-not-assignee"
    )
