"""The field set as an .xlsx file: download it, edit it, send it back, preview, apply."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.context import request_context
from bot.i18n import Translator
from services.fields import (
    FieldSet,
    FieldSetError,
    FieldSetFileError,
    diff_field_sets,
    diff_messages,
    export_field_set_xlsx,
    field_set_from_config,
    read_field_set_upload,
)
from services.tickets import rights
from services.tickets.fieldsets import current_fields, publish_update
from services.xlsx_guard import SMALL_FILE, megabytes

FILE_NAME = "ticket-fields.xlsx"
MAX_ISSUES_SHOWN = 30
PENDING = "pending"
NOTE = "note"


class FieldsSG(StatesGroup):
    main = State()
    field = State()
    rename = State()
    choices = State()
    add_label = State()
    add_type = State()
    add_choices = State()
    preview = State()


async def on_download(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    _row, field_set = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    content = export_field_set_xlsx(field_set, ctx.i18n.plain_msg)
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, FILE_NAME),
        caption=ctx.i18n("ticket-fields-file-caption"),
    )


async def on_upload(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    ctx = request_context(manager)
    document = message.document
    if document is None:
        manager.dialog_data[NOTE] = ctx.i18n("ticket-fields-send-xlsx")
        return
    if document.file_size and document.file_size > SMALL_FILE.max_bytes:
        limit_mb = megabytes(SMALL_FILE.max_bytes)
        manager.dialog_data[NOTE] = ctx.i18n("upload-error-too-big", limit_mb=limit_mb)
        return
    buffer = BytesIO()
    # The download commits what was read so far: the parse (in a worker process) holds no
    # transaction, so nobody waits for the database meanwhile.
    await ctx.bot.download(document.file_id, destination=buffer)
    try:
        new = await read_field_set_upload(buffer.getvalue(), document.file_name)
    except FieldSetFileError as error:
        manager.dialog_data[NOTE] = _file_errors(ctx.i18n, error)
        return
    _row, old = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    diff = diff_field_sets(old, new)
    lines = [ctx.i18n("ticket-fields-preview-title")]
    lines += [f"• {ctx.i18n.msg(msg)}" for msg in diff_messages(diff, old, new)]
    manager.dialog_data[NOTE] = "\n".join(lines)
    manager.dialog_data[PENDING] = None if diff.errors or diff.is_empty else new.to_config()
    await manager.switch_to(FieldsSG.preview)


async def publish_into_note(
    manager: DialogManager, new_of: Callable[[FieldSet], FieldSet], done_key: str
) -> bool:
    """Publish ``new_of(the current set)`` as a new version; the outcome goes to the note.
    False when it was refused (the note says why)."""
    ctx = request_context(manager)
    _row, old = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    try:
        await publish_update(ctx.session, old, new_of(old), ctx.member.id)
    except FieldSetError as error:
        issues = "\n".join(f"• {ctx.i18n.msg(issue.msg)}" for issue in error.issues)
        manager.dialog_data[NOTE] = f"{ctx.i18n('ticket-fields-not-applied')}\n{issues}"
        return False
    manager.dialog_data[NOTE] = ctx.i18n(done_key)
    return True


async def on_apply(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    pending = manager.dialog_data.get(PENDING)
    if not rights.can_configure_fields(ctx.roles) or not pending:
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await publish_into_note(
        manager, lambda _old: field_set_from_config(pending), "ticket-fields-applied"
    )
    manager.dialog_data[PENDING] = None
    await callback.answer()
    await manager.switch_to(FieldsSG.main)


def _file_errors(i18n: Translator, error: FieldSetFileError) -> str:
    lines = [i18n("ticket-fields-file-errors", count=len(error.issues))]
    for issue in error.issues[:MAX_ISSUES_SHOWN]:
        text = i18n.plain_msg(issue.msg)
        if issue.row is not None and issue.column is not None:
            lines.append(
                i18n(
                    "ticket-fields-issue-cell",
                    cell=f"{issue.column}{issue.row}",
                    row=issue.row,
                    column=issue.column,
                    text=text,
                )
            )
        elif issue.row is not None:
            lines.append(i18n("ticket-fields-issue-row", row=issue.row, text=text))
        else:
            lines.append(i18n("ticket-fields-issue", text=text))
    return "\n".join(lines)
