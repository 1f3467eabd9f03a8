"""What the ticket-creation windows show: the current field and the summary card."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from handlers.tickets import step_items
from handlers.tickets.draft import ERROR, NOTE, DraftContext, get_msg, load
from handlers.tickets.duplicates import duplicate_warning
from handlers.tickets.step_items import item_of
from services.fields import FieldType, display_value, visible_fields
from services.fields.values import is_empty

SUMMARY_VALUE_LIMIT = 200
_BUTTON_TYPES = {
    FieldType.CHOICE: "is_choice",
    FieldType.MULTI_CHOICE: "is_multi",
    FieldType.YES_NO: "is_yes_no",
    FieldType.ATTACHMENTS: "is_files",
}


async def field_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    form = await load(dialog_manager)
    field = form.field
    flags: dict[str, Any] = {name: False for name in _BUTTON_TYPES.values()}
    flags |= {"is_date": False, "optional": False, "has_value": False}
    flags |= {"choices": [], "toggles": [], "yes_no": [], "skip": [], "keep": []}
    if field is None:
        return {"body": "", **flags}
    i18n = form.i18n
    lines = _problem_lines(dialog_manager, form)
    step = form.draft.step(form.field_set)
    if step is not None:
        lines.append(i18n("field-step", number=step.number, total=step.total))
    label_key = "ticket-ask-label" if field.required else "ticket-ask-label-optional"
    lines.append(i18n(label_key, label=field.label))
    if field.hint:
        lines.append(i18n("ticket-ask-hint", hint=field.hint))
    lines.append(i18n(f"ticket-ask-{field.type.value}"))
    value = form.draft.values.get(field.key)
    if field.type is FieldType.ATTACHMENTS:
        lines.append(i18n("ticket-ask-files-so-far", count=len(value or [])))  # type: ignore[arg-type]
    elif value is not None and field.type is not FieldType.MULTI_CHOICE:
        shown = display_value(field, value, i18n.plain_msg, tz=form.settings.company.tz)
        lines.append(i18n("ticket-ask-current", value=_short(shown)))
    flags[_BUTTON_TYPES.get(field.type, "_none")] = True
    flags["is_date"] = field.type in (FieldType.DATE, FieldType.DATETIME)
    # A field with a value offers to keep it; «Пропустить» would silently drop it.
    flags["has_value"] = not is_empty(value)
    flags["optional"] = not field.required and not flags["has_value"]
    at = step_items.position_of(form)
    flags["choices"] = [(item_of(at, i), label) for i, label in enumerate(field.choices)]
    chosen = value if isinstance(value, list) else []
    flags["toggles"] = [
        (item_of(at, index), ("✅ " if label in chosen else "⬜ ") + label)
        for index, label in enumerate(field.choices)
    ]
    flags["yes_no"] = [
        (item_of(at, 1), i18n.plain("ticket-btn-yes")),
        (item_of(at, 0), i18n.plain("ticket-btn-no")),
    ]
    flags["skip"] = [(item_of(at, 0), i18n.plain("ticket-btn-skip"))]
    flags["keep"] = [(item_of(at, 0), i18n.plain("daily-btn-keep"))]
    return {"body": "\n".join(lines), **flags}


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    form = await load(dialog_manager)
    i18n = form.i18n
    lines = _problem_lines(dialog_manager, form)
    lines.append(i18n("ticket-summary-title"))
    for field in visible_fields(form.field_set, form.draft.values):
        value = form.draft.values.get(field.key)
        shown = display_value(
            field,
            value,
            i18n.plain_msg,
            tz=form.settings.company.tz,
            max_length=SUMMARY_VALUE_LIMIT,
        )
        lines.append(i18n("ticket-card-field", label=field.label, value=shown))
    warning = await duplicate_warning(dialog_manager, form)
    if warning.lines:
        lines += ["", *warning.lines]
    return {"body": "\n".join(lines), "duplicates": warning.buttons}


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    form = await load(dialog_manager)
    fields = visible_fields(form.field_set, form.draft.values)
    return {"fields": [(field.key, field.label) for field in fields]}


def _problem_lines(manager: DialogManager, form: DraftContext) -> list[str]:
    lines = []
    for name, key in ((ERROR, "ticket-input-error"), (NOTE, "ticket-input-note")):
        msg = get_msg(manager, name)
        if msg is not None:
            lines.append(form.i18n(key, text=form.i18n.plain_msg(msg)))
    return lines


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_VALUE_LIMIT else text[: SUMMARY_VALUE_LIMIT - 1] + "…"
