"""What the operator's answers do to the draft: typed input, buttons, calendar, files."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from handlers.tickets.draft import NOTE, PICKED_DATE, DraftContext, load, set_error, show
from services.fields import (
    Attachment,
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


async def apply(manager: DialogManager, ctx: DraftContext, result: ParseResult) -> None:
    """Move on with a parsed value, or stay on the field and say what is expected."""
    if isinstance(result, ParseError):
        set_error(manager, result.msg)
        await show(manager, ctx.draft)
        return
    set_error(manager, None)
    await show(manager, ctx.draft.answer(ctx.field_set, result.value))


async def on_input(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = await load(manager)
    field = ctx.field
    if ctx.moved:  # the question changed meanwhile: do not apply the answer to another field
        set_error(manager, Msg("ticket-fields-changed"))
        await show(manager, ctx.draft)
        return
    if field is None:
        set_error(manager, Msg("ticket-use-buttons"))
        await show(manager, ctx.draft)
        return
    if field.type is FieldType.ATTACHMENTS and message.text is None:
        await _add_file(message, manager, ctx)
        return
    if message.text is None:
        set_error(manager, Msg("ticket-error-need-text"))
        await show(manager, ctx.draft)
        return
    picked = manager.dialog_data.get(PICKED_DATE)
    at = parse_time(message.text) if picked else None
    if field.type is FieldType.DATETIME and picked and at is not None:
        today = ctx.today
        day = date.fromisoformat(picked)
        result = datetime_value(field, day, at, tz=ctx.settings.company.tz, today=today)
    else:
        result = parse_value(field, message.text, tz=ctx.settings.company.tz, today=ctx.today)
    await apply(manager, ctx, result)


async def _add_file(message: Message, manager: DialogManager, ctx: DraftContext) -> None:
    field = ctx.field
    assert field is not None
    attachment = attachment_of(message)
    if attachment is None:
        set_error(manager, Msg("field-error-attachments-text"))
        await show(manager, ctx.draft)
        return
    current = ctx.draft.values.get(field.key)
    result = add_attachment(field, current if isinstance(current, list) else [], attachment)  # type: ignore[arg-type]
    if isinstance(result, ParseError):
        set_error(manager, result.msg)
        await show(manager, ctx.draft)
        return
    set_error(manager, None)
    await show(manager, ctx.draft.with_value(ctx.field_set, result.value))


def attachment_of(message: Message) -> Attachment | None:
    """A photo (largest size), document or video from a message, if it carries one."""
    if message.photo:
        photo = message.photo[-1]
        return Attachment(photo.file_id, "photo", photo.file_unique_id, None, photo.file_size)
    if message.document:
        doc = message.document
        return Attachment(doc.file_id, "document", doc.file_unique_id, doc.file_name, doc.file_size)
    if message.video:
        video = message.video
        return Attachment(
            video.file_id, "video", video.file_unique_id, video.file_name, video.file_size
        )
    return None


async def on_choice(
    _callback: CallbackQuery, _widget: Any, manager: DialogManager, index: int
) -> None:
    ctx = await load(manager)
    if ctx.field is None or ctx.field.type is not FieldType.CHOICE:
        await show(manager, ctx.draft)
        return
    await apply(manager, ctx, choice_by_index(ctx.field, int(index)))


async def on_toggle(
    _callback: CallbackQuery, _widget: Any, manager: DialogManager, index: int
) -> None:
    ctx = await load(manager)
    field = ctx.field
    if field is None or field.type is not FieldType.MULTI_CHOICE:
        await show(manager, ctx.draft)
        return
    current = ctx.draft.values.get(field.key)
    selected = toggle_choice(field, current if isinstance(current, list) else [], int(index))  # type: ignore[arg-type]
    set_error(manager, None)
    await show(manager, ctx.draft.with_value(ctx.field_set, selected))


async def on_done(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The done button after toggles or files."""
    ctx = await load(manager)
    field = ctx.field
    if field is None:
        await show(manager, ctx.draft)
        return
    current: Any = ctx.draft.values.get(field.key) or []
    if field.type is FieldType.MULTI_CHOICE:
        await apply(manager, ctx, finish_multi_choice(field, current))
    elif field.type is FieldType.ATTACHMENTS:
        await apply(manager, ctx, finish_attachments(field, current))
    else:
        await show(manager, ctx.draft)


async def on_yes(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _yes_no(manager, True)


async def on_no(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _yes_no(manager, False)


async def _yes_no(manager: DialogManager, value: bool) -> None:
    ctx = await load(manager)
    if ctx.field is None or ctx.field.type is not FieldType.YES_NO:
        await show(manager, ctx.draft)
        return
    set_error(manager, None)
    await show(manager, ctx.draft.answer(ctx.field_set, value))


async def on_date(
    _callback: CallbackQuery, _widget: Any, manager: DialogManager, day: date
) -> None:
    ctx = await load(manager)
    field = ctx.field
    if field is None or field.type not in (FieldType.DATE, FieldType.DATETIME):
        await show(manager, ctx.draft)
        return
    if field.type is FieldType.DATE:
        await apply(manager, ctx, date_value(field, day, today=ctx.today))
        return
    check = date_value(field, day, today=ctx.today)
    if isinstance(check, ParseError):
        await apply(manager, ctx, check)
        return
    set_error(manager, None)
    manager.dialog_data[PICKED_DATE] = day.isoformat()
    manager.dialog_data[NOTE] = {
        "key": "ticket-ask-time",
        "args": {"date": day.strftime("%d.%m.%Y")},
    }
    await manager.switch_to(manager.current_context().state)


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = await load(manager)
    moved = ctx.draft.back(ctx.field_set)
    if moved == ctx.draft:
        await callback.answer(ctx.i18n.plain("ticket-first-step"), show_alert=True)
        return
    set_error(manager, None)
    await show(manager, moved)


async def on_skip(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = await load(manager)
    if ctx.field is None or ctx.field.required:
        await callback.answer(ctx.i18n.plain("ticket-cannot-skip"), show_alert=True)
        return
    set_error(manager, None)
    await show(manager, ctx.draft.skip(ctx.field_set))
