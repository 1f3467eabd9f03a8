"""«🔒 Персональные данные: да/нет» on a field: flips the flag in a new field-set version."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.context import request_context
from handlers.settings.fields_file import NOTE
from services.fields import FieldSetError
from services.tickets import field_editing, rights
from services.tickets.fieldsets import current_fields, publish_update


async def on_toggle_personal_data(
    callback: CallbackQuery, _b: Button, manager: DialogManager
) -> None:
    ctx = request_context(manager)
    if not rights.can_configure_fields(ctx.roles):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    await callback.answer()
    key = str(manager.dialog_data.get("key", ""))
    _row, old = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    field = old.get(key)
    if field is None:  # a stale button: the field is gone
        manager.dialog_data[NOTE] = ctx.i18n("privacy-field-gone")
        return
    flag = not field.personal_data
    try:
        await publish_update(
            ctx.session, old, field_editing.set_personal_data(old, key, flag), ctx.member.id
        )
    except FieldSetError as error:
        issues = "\n".join(f"• {ctx.i18n.msg(issue.msg)}" for issue in error.issues)
        manager.dialog_data[NOTE] = f"{ctx.i18n('ticket-fields-not-applied')}\n{issues}"
        return
    # publish_update records SETTINGS_CHANGED {"what": "fields", "version": ...} (audit).
    manager.dialog_data[NOTE] = ctx.i18n(
        "privacy-field-flag-saved", label=field.label, flag="yes" if flag else "no"
    )
