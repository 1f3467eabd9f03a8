"""Stage definitions, workflow validation and loading from configuration."""

from typing import Any

import pytest
from pydantic import ValidationError

from services.messages import Msg
from services.workflow import (
    LimitMode,
    Outcome,
    StageDefinition,
    TimeLimit,
    Workflow,
    WorkflowError,
    load_default_workflow,
    workflow_errors,
    workflow_from_config,
    workflow_from_toml,
    workflow_to_config,
)


def stage(key: str, order: int, *next_stages: str, **extra: Any) -> StageDefinition:
    return StageDefinition(key=key, name=key.title(), order=order, next_stages=next_stages, **extra)


def errors_of(*stages: StageDefinition, initial: str = "a") -> list[Msg]:
    return workflow_errors(stages, initial)


def test_default_workflow_matches_design():
    wf = load_default_workflow()

    assert wf.initial == "new"
    assert [s.key for s in wf.ordered()] == [
        "new",
        "in_progress",
        "awaiting_info",
        "awaiting_confirmation",
        "closed",
        "rejected",
        "transferred",
    ]
    assert [s.name for s in wf.ordered()][:2] == ["Новая", "В работе"]
    assert {s.key: s.outcome for s in wf.terminal_stages} == {
        "closed": Outcome.DONE,
        "rejected": Outcome.REJECTED,
        "transferred": Outcome.TRANSFERRED,
    }
    assert wf.stage("awaiting_confirmation").next_stages == ("closed", "in_progress")
    assert wf.stage("awaiting_info").pauses_clock is True
    assert wf.stage("awaiting_info").required is False
    assert wf.stage("awaiting_confirmation").needs_report is True
    assert wf.stage("awaiting_confirmation").needs_author_confirmation is True
    assert wf.stage("closed").reopen_to == "in_progress"
    assert wf.stage("transferred").reopen_to is None


def test_default_time_limits():
    wf = load_default_workflow()

    assert wf.stage("new").time_limit == TimeLimit(minutes=60, mode=LimitMode.WORKING)
    assert wf.stage("in_progress").time_limit == TimeLimit(minutes=480, mode=LimitMode.WORKING)
    assert wf.stage("awaiting_confirmation").time_limit == TimeLimit(
        minutes=1440, mode=LimitMode.CALENDAR
    )
    assert wf.stage("awaiting_info").time_limit is None
    assert workflow_errors(wf.stages, wf.initial) == []


def test_valid_minimal_workflow_has_no_errors():
    assert errors_of(stage("a", 1, "b"), stage("b", 2, outcome="done")) == []


def test_no_stages():
    assert workflow_errors([], "a") == [Msg("wf-error-no-stages")]


def test_unreachable_stage():
    errors = errors_of(stage("a", 1, "b"), stage("b", 2, outcome="done"), stage("c", 3, "b"))

    assert errors == [Msg("wf-error-unreachable", {"stage": "c"})]


def test_no_terminal_stage():
    errors = errors_of(stage("a", 1, "b"), stage("b", 2, "a"))

    assert errors == [Msg("wf-error-no-terminal")]


def test_transition_out_of_terminal():
    errors = errors_of(stage("a", 1, "b"), stage("b", 2, "a", outcome="done"))

    assert errors == [Msg("wf-error-terminal-has-next", {"stage": "b"})]


def test_unknown_target():
    errors = errors_of(stage("a", 1, "b", "ghost"), stage("b", 2, outcome="done"))

    assert errors == [Msg("wf-error-unknown-target", {"stage": "a", "target": "ghost"})]


def test_dead_end():
    errors = errors_of(stage("a", 1, "b", "c"), stage("b", 2, outcome="done"), stage("c", 3))

    assert errors == [Msg("wf-error-dead-end", {"stage": "c"})]


def test_loop_without_way_out_is_a_dead_end():
    errors = errors_of(
        stage("a", 1, "b", "c"),
        stage("b", 2, outcome="done"),
        stage("c", 3, "d"),
        stage("d", 4, "c"),
    )

    assert errors == [
        Msg("wf-error-dead-end", {"stage": "c"}),
        Msg("wf-error-dead-end", {"stage": "d"}),
    ]


def test_duplicate_key_and_self_transition():
    errors = errors_of(stage("a", 1, "a", "b"), stage("b", 2, outcome="done"), stage("b", 3))

    assert Msg("wf-error-duplicate-key", {"stage": "b"}) in errors
    assert Msg("wf-error-self-transition", {"stage": "a"}) in errors


def test_duplicate_target():
    errors = errors_of(stage("a", 1, "b", "b"), stage("b", 2, outcome="done"))

    assert errors == [Msg("wf-error-duplicate-target", {"stage": "a", "target": "b"})]


def test_unknown_and_terminal_initial():
    assert errors_of(stage("b", 2, outcome="done"), initial="x") == [
        Msg("wf-error-unknown-initial", {"stage": "x"})
    ]
    assert errors_of(stage("b", 2, outcome="done"), initial="b") == [
        Msg("wf-error-initial-terminal", {"stage": "b"})
    ]


def test_reopen_rules():
    errors = errors_of(
        stage("a", 1, "b", "c", reopen_to="b"),
        stage("b", 2, outcome="done", reopen_to="c"),
        stage("c", 3, outcome="rejected", reopen_to="ghost"),
    )

    assert errors == [
        Msg("wf-error-reopen-on-non-terminal", {"stage": "a"}),
        Msg("wf-error-reopen-to-terminal", {"stage": "b", "target": "c"}),
        Msg("wf-error-unknown-target", {"stage": "c", "target": "ghost"}),
    ]


def test_stage_reached_only_by_reopening_is_reachable():
    errors = errors_of(
        stage("a", 1, "b"), stage("b", 2, outcome="done", reopen_to="c"), stage("c", 3, "b")
    )

    assert errors == []


def test_skip_rule_on_required_stage():
    errors = errors_of(
        stage("a", 1, "b", skip_for_categories=("x",)), stage("b", 2, outcome="done")
    )

    assert errors == [Msg("wf-error-skip-rule-on-required", {"stage": "a"})]


def test_workflow_constructor_raises_with_all_errors():
    with pytest.raises(WorkflowError) as caught:
        Workflow((stage("a", 1, "ghost"), stage("z", 2)), "a")

    assert caught.value.errors == (
        Msg("wf-error-unknown-target", {"stage": "a", "target": "ghost"}),
        Msg("wf-error-no-terminal"),
    )


def test_stage_shape_is_validated():
    with pytest.raises(ValidationError):
        StageDefinition(key="Bad Key", name="x", order=1)
    with pytest.raises(ValidationError):
        StageDefinition(key="a", name="  ", order=1)
    with pytest.raises(ValidationError):
        StageDefinition(key="a", name="x", order=1, time_limit={"minutes": 0})
    with pytest.raises(ValidationError):
        StageDefinition(key="a", name="x", order=1, colour="red")


def test_skip_rule_matches_category_ignoring_case():
    optional = stage("a", 1, required=False, skip_for_categories=("Уборка",))

    assert optional.skipped_for(" уборка ") is True
    assert optional.skipped_for("Электрика") is False
    assert optional.skipped_for(None) is False


def test_config_round_trip():
    wf = load_default_workflow()
    data = workflow_to_config(wf)

    assert data["initial"] == "new"
    assert data["stages"][0] == {
        "key": "new",
        "name": "Новая",
        "order": 10,
        "next_stages": ["in_progress", "rejected", "transferred"],
        "time_limit": {"minutes": 60},
    }
    assert workflow_from_config(data["stages"], initial=data["initial"]) == wf


def test_config_initial_defaults_to_lowest_order():
    wf = workflow_from_config(
        [
            {"key": "done", "name": "Done", "order": 5, "outcome": "done"},
            {"key": "start", "name": "Start", "order": 1, "next_stages": ["done"]},
        ]
    )

    assert wf.initial == "start"
    assert wf.stage("done").terminal is True


def test_config_field_errors_name_stage_and_field():
    with pytest.raises(WorkflowError) as caught:
        workflow_from_config(
            [
                {"key": "a", "name": "A", "order": 1, "next_stages": ["b"]},
                {"key": "b", "name": "B", "order": 2, "outcome": "won"},
            ]
        )

    [error] = caught.value.errors
    assert error.key == "wf-error-config-field"
    assert error.args["index"] == 2
    assert error.args["field"] == "outcome"


def test_workflow_from_toml():
    wf = workflow_from_toml(
        """
        initial = "open"
        [[stages]]
        key = "open"
        name = "Open"
        order = 1
        next_stages = ["shut"]
        [[stages]]
        key = "shut"
        name = "Shut"
        order = 2
        outcome = "done"
        """
    )

    assert wf.initial == "open"
    assert "shut" in wf
    assert len(wf) == 2
    assert wf.get("nope") is None
