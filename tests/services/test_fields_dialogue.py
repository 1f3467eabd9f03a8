"""The dialogue walk without Telegram: conditions, steps, back/skip/edit, the stored draft."""

import json

import pytest

from services.fields import (
    Draft,
    Step,
    field_set_from_config,
    load_default_field_set,
    missing_required,
    next_field,
    previous_field,
    prune_values,
    step_number,
    visible_fields,
)

ITEMS = [
    {"key": "client", "label": "Клиент", "type": "text", "required": True},
    {
        "key": "kind",
        "label": "Тип работ",
        "type": "choice",
        "required": True,
        "choices": ["Выезд", "Удалённо"],
    },
    {
        "key": "address",
        "label": "Адрес",
        "type": "text",
        "show_if": {"field": "kind", "equals": "Выезд"},
    },
    {
        "key": "pass",
        "label": "Нужен пропуск",
        "type": "yes_no",
        "show_if": {"field": "kind", "equals": "Выезд"},
    },
    {
        "key": "pass_for",
        "label": "На кого пропуск",
        "type": "text",
        "show_if": {"field": "pass", "equals": True},
    },
    {
        "key": "priority",
        "label": "Приоритет",
        "type": "choice",
        "required": True,
        "choices": ["Обычный", "Высокий"],
    },
    {"key": "note", "label": "Примечание", "type": "long_text"},
]
FIELDS = field_set_from_config(ITEMS)


def keys(fields) -> list[str]:
    return [f.key for f in fields]


def with_changes(**changes_by_key) -> list[dict]:
    return [{**item, **changes_by_key.get(item["key"], {})} for item in ITEMS]


def test_conditions_show_and_hide_fields_in_chains():
    assert keys(visible_fields(FIELDS, {})) == ["client", "kind", "priority", "note"]
    on_site = {"kind": "Выезд"}
    assert keys(visible_fields(FIELDS, on_site)) == [
        "client",
        "kind",
        "address",
        "pass",
        "priority",
        "note",
    ]
    with_pass = {"kind": "Выезд", "pass": True}
    assert "pass_for" in keys(visible_fields(FIELDS, with_pass))
    remote_with_stale_pass = {"kind": "Удалённо", "pass": True}
    assert keys(visible_fields(FIELDS, remote_with_stale_pass)) == [
        "client",
        "kind",
        "priority",
        "note",
    ]


def test_hidden_values_are_dropped_retired_and_unknown_kept():
    retired = field_set_from_config(with_changes(note={"active": False}))
    values = {
        "kind": "Удалённо",
        "address": "Невский 1",
        "pass": True,
        "pass_for": "Иванов",
        "note": "old",
        "gone": 1,
    }
    assert prune_values(retired, values) == {"kind": "Удалённо", "note": "old", "gone": 1}


def test_step_numbers_follow_visible_fields():
    assert step_number(FIELDS, {}, "client") == Step(1, 4)
    assert step_number(FIELDS, {}, "priority") == Step(3, 4)
    assert step_number(FIELDS, {"kind": "Выезд"}, "priority") == Step(5, 6)
    assert step_number(FIELDS, {"kind": "Выезд", "pass": True}, "pass_for") == Step(5, 7)
    assert step_number(FIELDS, {}, "address") is None
    assert step_number(FIELDS, {}, None) is None


def test_next_and_previous_skip_hidden_fields():
    assert next_field(FIELDS, {}, None).key == "client"
    assert next_field(FIELDS, {"kind": "Удалённо"}, "kind").key == "priority"
    assert next_field(FIELDS, {"kind": "Выезд"}, "kind").key == "address"
    assert next_field(FIELDS, {}, "note") is None
    assert previous_field(FIELDS, {"kind": "Удалённо"}, "priority").key == "kind"
    assert previous_field(FIELDS, {"kind": "Выезд"}, "priority").key == "pass"
    assert previous_field(FIELDS, {}, "client") is None
    assert previous_field(FIELDS, {}, None).key == "note"
    # From a field that is hidden now, the walk continues from its place.
    assert next_field(FIELDS, {}, "address").key == "priority"
    assert previous_field(FIELDS, {}, "address").key == "kind"


def test_missing_required_counts_only_visible_fields():
    assert keys(missing_required(FIELDS, {"client": "ООО"})) == ["kind", "priority"]
    assert (
        keys(missing_required(FIELDS, {"client": "ООО", "kind": "Выезд", "priority": "Высокий"}))
        == []
    )


def test_walk_with_skip_and_back():
    draft = Draft.start(FIELDS)
    assert (draft.current, draft.step(FIELDS)) == ("client", Step(1, 4))
    draft = draft.answer(FIELDS, "ООО Ромашка")
    draft = draft.answer(FIELDS, "Выезд")
    assert (draft.current, draft.step(FIELDS)) == ("address", Step(3, 6))
    draft = draft.skip(FIELDS)
    assert draft.current == "pass"
    draft = draft.back(FIELDS)
    assert draft.current == "address"
    draft = draft.answer(FIELDS, "Невский 1")
    draft = draft.answer(FIELDS, True)
    assert (draft.current, draft.step(FIELDS)) == ("pass_for", Step(5, 7))
    draft = draft.answer(FIELDS, "Иванов И. И.")
    draft = draft.answer(FIELDS, "Высокий")
    with pytest.raises(ValueError, match="required"):
        Draft.start(FIELDS).skip(FIELDS)
    draft = draft.skip(FIELDS)
    assert draft.at_summary
    assert draft.missing(FIELDS) == []
    assert draft.values == {
        "client": "ООО Ромашка",
        "kind": "Выезд",
        "address": "Невский 1",
        "pass": True,
        "pass_for": "Иванов И. И.",
        "priority": "Высокий",
    }
    assert draft.back(FIELDS).current == "note"


def test_back_on_first_step_stays():
    draft = Draft.start(FIELDS)
    assert draft.back(FIELDS) == draft


def filled() -> Draft:
    draft = Draft.start(FIELDS)
    for value in ["ООО", "Удалённо", "Обычный", None]:
        draft = draft.answer(FIELDS, value)
    return draft


def test_edit_from_summary_returns_to_summary():
    draft = filled().edit(FIELDS, "priority")
    assert (draft.current, draft.editing) == ("priority", True)
    draft = draft.answer(FIELDS, "Высокий")
    assert draft.at_summary
    assert draft.values["priority"] == "Высокий"


def test_edit_that_reveals_fields_asks_them_then_returns():
    draft = filled().edit(FIELDS, "kind").answer(FIELDS, "Выезд")
    assert (draft.current, draft.pending) == ("address", ("pass",))
    draft = draft.answer(FIELDS, "Литейный 5")
    assert draft.current == "pass"
    draft = draft.answer(FIELDS, True)
    assert draft.current == "pass_for"
    draft = draft.skip(FIELDS)
    assert draft.at_summary
    draft = draft.edit(FIELDS, "kind").answer(FIELDS, "Удалённо")
    assert draft.at_summary
    assert draft.values == {"client": "ООО", "kind": "Удалённо", "priority": "Обычный"}


def test_back_while_editing_returns_to_summary():
    draft = filled().edit(FIELDS, "client").back(FIELDS)
    assert (draft.current, draft.editing) == (None, False)
    with pytest.raises(ValueError, match="not asked"):
        filled().edit(FIELDS, "address")


def test_draft_json_round_trip():
    draft = filled().edit(FIELDS, "kind").answer(FIELDS, "Выезд")
    stored = json.loads(json.dumps(draft.to_dict()))
    assert Draft.from_dict(stored) == draft
    assert stored["current"] == "address"
    with pytest.raises(ValueError, match="not a stored draft"):
        Draft.from_dict({"values": {}})


def test_draft_survives_retiring_the_current_field():
    draft = Draft.start(FIELDS)
    for value in ["ООО", "Выезд", "Невский 1"]:
        draft = draft.answer(FIELDS, value)
    assert draft.current == "pass"
    changed = field_set_from_config(
        with_changes(
            **{
                "pass": {"active": False},
                "pass_for": {"active": False},
                "address": {"active": False},
            }
        )
    )
    synced = Draft.from_dict(json.loads(json.dumps(draft.to_dict()))).sync(changed)
    assert synced.version == changed.version != FIELDS.version
    assert synced.current == "priority"
    assert synced.values["address"] == "Невский 1"  # kept for the ticket, not asked again
    assert synced.step(changed) == Step(3, 4)


def test_sync_asks_a_new_required_field_from_the_summary():
    draft = filled()
    changed = field_set_from_config(
        [
            *ITEMS,
            {"key": "contract", "label": "Договор", "type": "text", "required": True, "order": 15},
        ]
    )
    synced = draft.sync(changed)
    assert (synced.current, synced.editing) == ("contract", True)
    assert synced.answer(changed, "Д-17").at_summary


def test_sync_drops_removed_choices():
    draft = filled().edit(FIELDS, "priority").answer(FIELDS, "Высокий")
    changed = field_set_from_config(with_changes(priority={"choices": ["Обычный", "Срочный"]}))
    synced = draft.sync(changed)
    assert "priority" not in synced.values
    assert synced.current == "priority"


def test_default_set_conditional_emergency():
    fields = load_default_field_set()
    draft = Draft.start(fields)
    for value in ["ул. Ленина, 5", "12", "2", "Иванова", "+7 921 555-01-01", "Сантехника"]:
        draft = draft.answer(fields, value)
    draft = draft.answer(fields, "Обычная")
    assert (draft.current, draft.step(fields)) == ("description", Step(8, 10))
    draft = draft.back(fields).answer(fields, "Аварийная")
    assert (draft.current, draft.step(fields)) == ("emergency", Step(8, 11))
