"""Field definitions, field-set checks, configuration data and the shipped default set."""

import pytest

from services.fields import (
    FieldIssue,
    FieldSet,
    FieldSetError,
    FieldType,
    field_set_from_config,
    field_set_from_toml,
    load_default_field_set,
)
from services.messages import Msg


def issues_of(items) -> list[tuple]:
    with pytest.raises(FieldSetError) as caught:
        field_set_from_config(items)
    return [(i.index, i.attribute, i.msg.key) for i in caught.value.issues]


def test_default_field_set_loads():
    fields = load_default_field_set()
    assert [f.key for f in fields] == [
        "address",
        "flat",
        "entrance",
        "client",
        "phone",
        "category",
        "priority",
        "emergency",
        "description",
        "attachments",
        "due",
    ]
    assert fields["address"].required is True
    assert fields["address"].show_if is None
    assert fields["flat"].required is False
    assert fields["entrance"].type is FieldType.NUMBER
    assert fields["entrance"].validation.integer_only is True
    assert fields["client"].label == "ФИО заявителя"
    assert fields["phone"].type is FieldType.PHONE
    assert fields["category"].choices == (
        "Сантехника",
        "Электрика",
        "Лифт",
        "Отопление",
        "Уборка",
        "Благоустройство",
        "Прочее",
    )
    assert fields["priority"].choices == ("Плановая", "Обычная", "Срочная", "Аварийная")
    assert fields["priority"].required is True
    assert fields["emergency"].required is False
    assert fields["emergency"].show_if.field == "priority"
    assert fields["emergency"].show_if.equals == "Аварийная"
    assert fields["description"].type is FieldType.LONG_TEXT
    assert fields["attachments"].required is False
    assert fields["due"].type is FieldType.DATETIME
    assert fields["due"].validation.min == "now"
    assert len(fields.version) == 12


def test_config_round_trip_keeps_version():
    fields = load_default_field_set()
    again = field_set_from_config(fields.to_config())
    assert again == fields
    assert again.version == fields.version


def test_version_changes_with_content():
    base = [{"key": "a", "label": "A", "type": "text"}]
    renamed = [{"key": "a", "label": "B", "type": "text"}]
    assert field_set_from_config(base).version == field_set_from_config(base).version
    assert field_set_from_config(base).version != field_set_from_config(renamed).version


def test_flat_and_nested_rules_are_the_same():
    flat = field_set_from_config([{"key": "n", "label": "N", "type": "number", "min": 1}])
    nested = field_set_from_config(
        [{"key": "n", "label": "N", "type": "number", "validation": {"min": 1}}]
    )
    assert flat == nested
    assert flat["n"].validation.min == 1


def test_order_sorts_and_defaults_to_position():
    fields = field_set_from_config(
        [
            {"key": "b", "label": "B", "type": "text", "order": 5},
            {"key": "a", "label": "A", "type": "text"},
            {"key": "c", "label": "C", "type": "text"},
        ]
    )
    assert [(f.key, f.order) for f in fields] == [("b", 5), ("a", 20), ("c", 30)]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"key": "Bad Key", "label": "A", "type": "text"}, (0, "key", "field-def-error-key")),
        ({"key": "a", "label": " ", "type": "text"}, (0, "label", "field-def-error-missing")),
        ({"key": "a", "label": "A", "type": "colour"}, (0, "type", "field-def-error-type")),
        ({"key": "a", "label": "A"}, (0, "type", "field-def-error-missing")),
        (
            {"key": "a", "label": "A", "type": "choice"},
            (0, "choices", "field-def-error-choices-missing"),
        ),
        (
            {"key": "a", "label": "A", "type": "text", "choices": ["x"]},
            (0, "choices", "field-def-error-choices-unexpected"),
        ),
        (
            {"key": "a", "label": "A", "type": "choice", "choices": ["x", "X"]},
            (0, "choices", "field-def-error-choice-duplicate"),
        ),
        (
            {"key": "a", "label": "A", "type": "number", "min": 5, "max": 1},
            (0, "max", "field-def-error-min-max"),
        ),
        (
            {"key": "a", "label": "A", "type": "text", "min": 5},
            (0, "min", "field-def-error-bound"),
        ),
        (
            {"key": "a", "label": "A", "type": "number", "max_length": 5},
            (0, "max_length", "field-def-error-rule-unexpected"),
        ),
        (
            {"key": "a", "label": "A", "type": "text", "pattern": "(["},
            (0, "pattern", "field-def-error-pattern"),
        ),
        (
            {"key": "a", "label": "A", "type": "date", "min": "yesterday"},
            (0, "min", "field-def-error-bound"),
        ),
        (
            {
                "key": "a",
                "label": "A",
                "type": "text",
                "required": True,
                "show_if": {"field": "b", "equals": "x"},
            },
            (0, "show_if_field", "field-def-error-condition-required"),
        ),
        (
            {"key": "a", "label": "A", "type": "text", "show_if": {"field": "a", "equals": "x"}},
            (0, "show_if_field", "field-def-error-condition-self"),
        ),
        (
            {"key": "a", "label": "A", "type": "text", "colour": "red"},
            (0, "colour", "field-def-error-unknown-attribute"),
        ),
    ],
)
def test_bad_definition_is_located(item, expected):
    assert issues_of([item]) == [expected]


def test_cross_field_issues_carry_messages():
    items = [
        {"key": "kind", "label": "Kind", "type": "choice", "choices": ["On site", "Remote"]},
        {"key": "note", "label": "Note", "type": "text"},
        {"key": "kind", "label": "Again", "type": "text"},
        {
            "key": "addr",
            "label": "Addr",
            "type": "text",
            "show_if": {"field": "nope", "equals": "x"},
        },
        {
            "key": "room",
            "label": "Room",
            "type": "text",
            "show_if": {"field": "note", "equals": "x"},
        },
        {
            "key": "fl",
            "label": "Fl",
            "type": "text",
            "show_if": {"field": "kind", "equals": "Moon"},
        },
        {
            "key": "early",
            "label": "Early",
            "type": "text",
            "order": 1,
            "show_if": {"field": "kind", "equals": "Remote"},
        },
    ]
    with pytest.raises(FieldSetError) as caught:
        field_set_from_config(items)
    assert caught.value.issues == [
        FieldIssue(2, "kind", "key", Msg("field-set-error-duplicate-key", {"key": "kind"})),
        FieldIssue(
            3, "addr", "show_if_field", Msg("field-set-error-condition-unknown", {"field": "nope"})
        ),
        FieldIssue(
            4, "room", "show_if_field", Msg("field-set-error-condition-type", {"field": "note"})
        ),
        FieldIssue(
            5,
            "fl",
            "show_if_value",
            Msg("field-set-error-condition-value", {"field": "kind", "allowed": "On site; Remote"}),
        ),
        FieldIssue(
            6,
            "early",
            "show_if_field",
            Msg("field-set-error-condition-order", {"field": "kind"}),
        ),
    ]


def test_condition_on_retired_field_is_an_error_only_for_active_fields():
    base = {"key": "kind", "label": "Kind", "type": "yes_no", "active": False}
    dependent = {
        "key": "why",
        "label": "Why",
        "type": "text",
        "show_if": {"field": "kind", "equals": "да"},
    }
    assert issues_of([base, dependent]) == [
        (1, "show_if_field", "field-set-error-condition-retired")
    ]
    retired_too = field_set_from_config(
        [base, {**dependent, "active": False}, {"key": "x", "label": "X", "type": "text"}]
    )
    assert [f.key for f in retired_too.active_fields] == ["x"]


def test_condition_value_is_normalized():
    fields = field_set_from_config(
        [
            {"key": "kind", "label": "Kind", "type": "choice", "choices": ["Выезд", "Удалённо"]},
            {"key": "urgent", "label": "Urgent", "type": "yes_no"},
            {
                "key": "a",
                "label": "A",
                "type": "text",
                "show_if": {"field": "kind", "equals": "выезд"},
            },
            {
                "key": "b",
                "label": "B",
                "type": "text",
                "show_if": {"field": "urgent", "equals": "Да"},
            },
        ]
    )
    assert fields["a"].show_if.equals == "Выезд"
    assert fields["b"].show_if.equals is True


def test_a_set_needs_active_fields():
    assert issues_of([]) == [(None, None, "field-set-error-empty")]
    assert issues_of([{"key": "a", "label": "A", "type": "text", "active": False}]) == [
        (None, "active", "field-set-error-no-active")
    ]


def test_toml_text():
    fields = field_set_from_toml(
        '[[fields]]\nkey = "room"\nlabel = "Кабинет"\ntype = "number"\ninteger_only = true\n'
    )
    assert fields["room"].validation.integer_only is True
    assert isinstance(fields, FieldSet)
