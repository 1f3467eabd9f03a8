"""Preview of an uploaded stage set: what is added, removed and changed."""

from services.messages import Msg
from services.workflow import (
    FieldChange,
    StageChange,
    WorkflowDiff,
    diff_messages,
    diff_workflows,
    load_default_workflow,
    workflow_from_config,
    workflow_to_config,
)

OLD = load_default_workflow()


def edited() -> list[dict]:
    stages = workflow_to_config(OLD)["stages"]
    by_key = {s["key"]: s for s in stages}
    by_key["in_progress"]["time_limit"] = {"minutes": 240, "mode": "calendar"}
    by_key["in_progress"]["next_stages"].append("on_hold")
    by_key["awaiting_info"]["pauses_clock"] = False
    by_key["closed"]["name"] = "Выполнена"
    stages.remove(by_key["transferred"])
    by_key["new"]["next_stages"].remove("transferred")
    by_key["in_progress"]["next_stages"].remove("transferred")
    stages.append(
        {"key": "on_hold", "name": "Отложена", "order": 35, "next_stages": ["in_progress"]}
    )
    return stages


def test_no_changes():
    diff = diff_workflows(OLD, load_default_workflow())

    assert diff == WorkflowDiff((), (), ())
    assert diff.is_empty is True
    assert diff_messages(diff, OLD, OLD) == [Msg("wf-diff-none")]


def test_added_removed_and_changed_fields():
    new = workflow_from_config(edited(), initial="new")

    diff = diff_workflows(OLD, new)

    assert diff.added == ("on_hold",)
    assert diff.removed == ("transferred",)
    assert diff.initial is None
    assert diff.changed == (
        StageChange(
            "new",
            "Новая",
            (
                FieldChange(
                    "next_stages", "in_progress; rejected; transferred", "in_progress; rejected"
                ),
            ),
        ),
        StageChange(
            "in_progress",
            "В работе",
            (
                FieldChange(
                    "next_stages",
                    "awaiting_info; awaiting_confirmation; rejected; transferred",
                    "awaiting_info; awaiting_confirmation; rejected; on_hold",
                ),
                FieldChange("limit_minutes", "480", "240"),
                FieldChange("limit_mode", "working", "calendar"),
            ),
        ),
        StageChange(
            "awaiting_info", "Ожидает информации", (FieldChange("pauses_clock", "yes", "no"),)
        ),
        StageChange("closed", "Выполнена", (FieldChange("name", "Закрыта", "Выполнена"),)),
    )


def test_messages_for_the_preview():
    new = workflow_from_config(edited(), initial="new")

    lines = diff_messages(diff_workflows(OLD, new), OLD, new)

    assert lines[:2] == [
        Msg("wf-diff-added", {"stage": "on_hold", "name": "Отложена"}),
        Msg("wf-diff-removed", {"stage": "transferred", "name": "Передана в другой отдел"}),
    ]
    assert (
        Msg(
            "wf-diff-changed-limit-mode", {"stage": "В работе", "old": "working", "new": "calendar"}
        )
        in lines
    )
    assert lines[-1] == Msg(
        "wf-diff-changed-name", {"stage": "Выполнена", "old": "Закрыта", "new": "Выполнена"}
    )
    assert len(lines) == 8


def test_time_limit_removed_and_initial_changed():
    stages = workflow_to_config(OLD)["stages"]
    stages[0].pop("time_limit")
    new = workflow_from_config(stages, initial="new")
    diff = diff_workflows(OLD, new)

    assert diff.changed == (
        StageChange(
            "new",
            "Новая",
            (FieldChange("limit_minutes", "60", "—"), FieldChange("limit_mode", "working", "none")),
        ),
    )

    triage = [
        {"key": "triage", "name": "Разбор", "order": 1, "next_stages": ["new"]},
        *workflow_to_config(OLD)["stages"],
    ]
    moved = workflow_from_config(triage)
    assert diff_workflows(OLD, moved).initial == ("new", "triage")
    assert diff_messages(diff_workflows(OLD, moved), OLD, moved)[-1] == Msg(
        "wf-diff-initial", {"old": "Новая", "new": "Разбор"}
    )
