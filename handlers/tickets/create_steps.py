"""What the operator's answers do to the draft: typed input, buttons, calendar, files."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import ChatEvent, DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from handlers.tickets import step_items
from handlers.tickets.draft import NOTE, PICKED_DATE, DraftContext, load, set_error, show
from services.fields import (
    Attachment,
    FieldDefinition,
    FieldType,
    ParseError,
    ParseResult,
    add_attachment,
    choice_by_index,
    date_value,
    datetime_value,
    finish_attachments,
    finish_multi_choice,
    parse_time,
    parse_value,
    toggle_choice,
)
from services.messages import Msg


async def apply(manager: DialogManager, form: DraftContext, result: ParseResult) -> None:
    """Move on with a parsed value, or stay on the field and say what is expected."""
    if isinstance(result, ParseError):
        set_error(manager, result.msg)
        await show(manager, form.draft)
        return
    set_error(manager, None)
    await show(manager, form.draft.answer(form.field_set, result.value))


async def on_input(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    form = await load(manager)
    field = form.field
    if form.moved:  # the question changed meanwhile: do not apply the answer to another field
        set_error(manager, Msg("ticket-fields-changed"))
        await show(manager, form.draft)
        return
    if field is None:
        set_error(manager, Msg("ticket-use-buttons"))
        await show(manager, form.draft)
        return
    if field.type is FieldType.ATTACHMENTS and message.text is None:
        await _add_file(message, manager, form)
        return
    if message.text is None:
        set_error(manager, Msg("ticket-error-need-text"))
        await show(manager, form.draft)
        return
    picked = manager.dialog_data.get(PICKED_DATE)
    at = parse_time(message.text) if picked else None
    if field.type is FieldType.DATETIME and picked and at is not None:
        today = form.today
        day = date.fromisoformat(picked)
        result = datetime_value(field, day, at, tz=form.settings.company.tz, today=today)
    else:
        result = parse_value(field, message.text, tz=form.settings.company.tz, today=form.today)
    await apply(manager, form, result)


async def _add_file(message: Message, manager: DialogManager, form: DraftContext) -> None:
    field = form.field
    assert field is not None
    attachment = attachment_of(message)
    if attachment is None:
        set_error(manager, Msg("field-error-attachments-text"))
        await show(manager, form.draft)
        return
    current = form.draft.values.get(field.key)
    result = add_attachment(field, current if isinstance(current, list) else [], attachment)  # type: ignore[arg-type]
    if isinstance(result, ParseError):
        set_error(manager, result.msg)
        await show(manager, form.draft)
        return
    set_error(manager, None)
    await show(manager, form.draft.with_value(form.field_set, result.value))


def attachment_of(message: Message) -> Attachment | None:
    """A photo (largest size), document or video from a message, if it carries one, with the
    message's caption (kept as the sender's comment)."""
    caption = (message.caption or "").strip() or None
    if message.photo:
        photo = message.photo[-1]
        return Attachment(
            photo.file_id, "photo", photo.file_unique_id, None, photo.file_size, caption
        )
    if message.document:
        doc = message.document
        return Attachment(
            doc.file_id, "document", doc.file_unique_id, doc.file_name, doc.file_size, caption
        )
    if message.video:
        video = message.video
        return Attachment(
            video.file_id, "video", video.file_unique_id, video.file_name, video.file_size, caption
        )
    return None


async def _this_step(
    callback: CallbackQuery, manager: DialogManager, item: int, of_type: FieldType | None = None
) -> tuple[DraftContext, FieldDefinition, int] | None:
    """The form, its field and the pressed value when the button belongs to the step asked
    now (and the field is ``of_type``); otherwise the person sees the current step, told
    that the pressed one is answered."""
    form = await load(manager)
    position, value = step_items.split(int(item))
    field = form.field
    if field is None or position != step_items.position_of(form):
        await callback.answer(form.i18n.plain("ticket-step-stale"))
        await show(manager, form.draft)
        return None
    if of_type is not None and field.type is not of_type:
        await show(manager, form.draft)
        return None
    return form, field, value


async def on_choice(
    callback: CallbackQuery, _widget: Any, manager: DialogManager, item: int
) -> None:
    found = await _this_step(callback, manager, item, FieldType.CHOICE)
    if found is not None:
        form, field, index = found
        await apply(manager, form, choice_by_index(field, index))


async def on_toggle(
    callback: CallbackQuery, _widget: Any, manager: DialogManager, item: int
) -> None:
    found = await _this_step(callback, manager, item, FieldType.MULTI_CHOICE)
    if found is None:
        return
    form, field, index = found
    current = form.draft.values.get(field.key)
    selected = toggle_choice(field, current if isinstance(current, list) else [], index)  # type: ignore[arg-type]
    set_error(manager, None)
    await show(manager, form.draft.with_value(form.field_set, selected))


async def on_done(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The done button after toggles or files."""
    form = await load(manager)
    field = form.field
    if field is None:
        await show(manager, form.draft)
        return
    current: Any = form.draft.values.get(field.key) or []
    if field.type is FieldType.MULTI_CHOICE:
        await apply(manager, form, finish_multi_choice(field, current))
    elif field.type is FieldType.ATTACHMENTS:
        await apply(manager, form, finish_attachments(field, current))
    else:
        await show(manager, form.draft)


async def on_yes_no(
    callback: CallbackQuery, _widget: Any, manager: DialogManager, item: int
) -> None:
    found = await _this_step(callback, manager, item, FieldType.YES_NO)
    if found is None:
        return
    form, _field, value = found
    set_error(manager, None)
    await show(manager, form.draft.answer(form.field_set, value == 1))


async def on_date(_event: ChatEvent, _widget: Any, manager: DialogManager, day: date) -> None:
    form = await load(manager)
    field = form.field
    if field is None or field.type not in (FieldType.DATE, FieldType.DATETIME):
        await show(manager, form.draft)
        return
    if field.type is FieldType.DATE:
        await apply(manager, form, date_value(field, day, today=form.today))
        return
    check = date_value(field, day, today=form.today)
    if isinstance(check, ParseError):
        await apply(manager, form, check)
        return
    set_error(manager, None)
    manager.dialog_data[PICKED_DATE] = day.isoformat()
    manager.dialog_data[NOTE] = {
        "key": "ticket-ask-time",
        "args": {"date": day.strftime("%d.%m.%Y")},
    }
    await manager.switch_to(manager.current_context().state)


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    form = await load(manager)
    moved = form.draft.back(form.field_set)
    if moved == form.draft:
        await callback.answer(form.i18n.plain("ticket-first-step"), show_alert=True)
        return
    set_error(manager, None)
    await show(manager, moved)


async def on_skip(callback: CallbackQuery, _widget: Any, manager: DialogManager, item: int) -> None:
    found = await _this_step(callback, manager, item)
    if found is None:
        return
    form, field, _value = found
    if field.required:
        await callback.answer(form.i18n.plain("ticket-cannot-skip"), show_alert=True)
        return
    set_error(manager, None)
    await show(manager, form.draft.skip(form.field_set))


async def on_keep(callback: CallbackQuery, _widget: Any, manager: DialogManager, item: int) -> None:
    found = await _this_step(callback, manager, item)
    if found is None:
        return
    form, _field, _value = found
    set_error(manager, None)
    await show(manager, form.draft.keep(form.field_set))
