"""Managers and admins edit the ticket fields: rename, reorder, required, choices, retire,
add, or the .xlsx round trip. Every change publishes a new field-set version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import F, Router
from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import request_context
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import MenuCb
from bot.views.dialog_text import Tr, TrPlain
from db.models import MANAGING_ROLES
from handlers.settings import fields_file as files
from handlers.settings.fields_file import NOTE, FieldsSG
from handlers.settings.fields_privacy import on_toggle_personal_data
from services.fields import FieldSet, FieldType
from services.fields.definition import CHOICE_SEPARATOR, CHOICE_TYPES
from services.tickets import field_editing, rights
from services.tickets.fieldsets import current_fields

Edit = Callable[[FieldSet, str], FieldSet]


def create_router() -> Router:
    staff = HasRole(*MANAGING_ROLES)
    router = Router(name="ticket-fields-admin")
    router.callback_query.register(start_settings, MenuCb.filter(F.item == "ticket_fields"), staff)
    dialog = _dialog()
    dialog.message.filter(staff)
    dialog.callback_query.filter(staff)
    router.include_router(dialog)
    return router


async def start_settings(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(FieldsSG.main, mode=StartMode.RESET_STACK)


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    _row, field_set = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    lines = [ctx.i18n("ticket-fields-title")]
    for number, field in enumerate(field_set.fields, start=1):
        lines.append(_field_line(ctx.i18n, number, field_set, field.key))
    note = dialog_manager.dialog_data.get(NOTE)
    selected = field_set.get(dialog_manager.dialog_data.get("key", ""))
    details = _field_line(ctx.i18n, 0, field_set, selected.key) if selected else ""
    return {
        "body": "\n".join([*lines, "", note] if note else lines),
        "note": note or "",
        "details": details,
        "fields": [(f.key, ("" if f.active else "🚫 ") + f.label) for f in field_set.fields],
        "personal_label": ctx.i18n.plain(
            "privacy-field-toggle", flag="yes" if selected and selected.personal_data else "no"
        ),
        "is_choice": bool(selected and selected.type in CHOICE_TYPES),
        "is_active": bool(selected and selected.active),
        "is_required": bool(selected and selected.required),
        "types": [(t.value, ctx.i18n.plain(f"field-type-name-{t.value}")) for t in FieldType],
        "has_pending": bool(dialog_manager.dialog_data.get(files.PENDING)),
        # What is being changed, so the manager edits it knowingly (and can copy it).
        "current_label": (
            ctx.i18n("field-edit-current-label", label=selected.label) if selected else ""
        ),
        "current_choices": (
            ctx.i18n(
                "field-edit-current-choices", choices=f"{CHOICE_SEPARATOR} ".join(selected.choices)
            )
            if selected and selected.choices
            else ctx.i18n("field-edit-no-choices")
        ),
    }


def _field_line(i18n: Translator, number: int, field_set: FieldSet, key: str) -> str:
    field = field_set[key]
    mark = i18n("privacy-field-mark") if field.personal_data else ""
    return (
        i18n(
            "ticket-fields-line",
            number=number,
            label=field.label,
            type=i18n.plain(f"field-type-name-{field.type.value}"),
            required="yes" if field.required else "no",
            active="yes" if field.active else "no",
            choices="; ".join(field.choices),
        )
        + mark
    )


async def _publish(manager: DialogManager, edit: Callable[[FieldSet], FieldSet]) -> bool:
    ctx = request_context(manager)
    if not rights.can_configure_fields(ctx.roles):
        manager.dialog_data[NOTE] = ctx.i18n("no-rights")
        return False
    return await files.publish_into_note(manager, edit, "ticket-fields-saved")


def _key(manager: DialogManager) -> str:
    return str(manager.dialog_data.get("key", ""))


async def _on_select(_c: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    manager.dialog_data.update(key=key, note=None)
    await manager.switch_to(FieldsSG.field)


def _action(edit: Callable[[FieldSet, str], FieldSet]) -> Callable[..., Any]:
    async def handler(_c: CallbackQuery, _b: Button, manager: DialogManager) -> None:
        key = _key(manager)
        await _publish(manager, lambda fs: edit(fs, key))

    return handler


async def _on_rename(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    label, key = (message.text or "").strip(), _key(manager)
    # Refused (too long, a duplicate): the prompt stays, with the reason above it.
    if await _publish(manager, lambda fs: field_editing.rename(fs, key, label)):
        await manager.switch_to(FieldsSG.field)


async def _on_choices(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    text, key = message.text or "", _key(manager)
    if await _publish(manager, lambda fs: field_editing.set_choices(fs, key, text)):
        await manager.switch_to(FieldsSG.field)


async def _on_new_label(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data.update(new_label=(message.text or "").strip(), note=None)
    await manager.switch_to(FieldsSG.add_type)


async def _on_new_type(_c: CallbackQuery, _w: Any, manager: DialogManager, value: str) -> None:
    manager.dialog_data["new_type"] = value
    if FieldType(value) in CHOICE_TYPES:
        await manager.switch_to(FieldsSG.add_choices)
        return
    await _add(manager, "")


async def _on_new_choices(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    await _add(manager, message.text or "")


async def _add(manager: DialogManager, choices: str) -> None:
    label, kind = manager.dialog_data["new_label"], FieldType(manager.dialog_data["new_type"])
    await _publish(manager, lambda fs: field_editing.add_field(fs, label, kind, choices)[0])
    await manager.switch_to(FieldsSG.main)


def _text_window(
    prompt: str, handler: Any, state: Any, back: Any, current: str | None = None
) -> Window:
    return Window(
        Format("{note}", when="note"),
        Format(f"{{{current}}}", when=F[current]) if current else Format(""),
        Tr(prompt),
        SwitchTo(TrPlain("btn-back"), id=f"b_{state.state.split(':')[-1]}", state=back),
        MessageInput(handler),
        state=state,
        getter=_getter,
    )


def _dialog() -> Dialog:
    item = Format("{item[1]}")
    on = _action
    return Dialog(
        Window(
            Format("{body}"),
            Group(Select(item, "fs", lambda x: x[0], "fields", str, _on_select), width=2),
            Row(
                Button(TrPlain("ticket-fields-download"), id="dl", on_click=files.on_download),
                SwitchTo(TrPlain("ticket-fields-add"), id="add", state=FieldsSG.add_label),
            ),
            Cancel(TrPlain("ticket-fields-close")),
            # Anything sent here (a photo, text) is answered: only a .xlsx file is taken.
            MessageInput(files.on_upload, content_types=[ContentType.ANY]),
            state=FieldsSG.main,
            getter=_getter,
        ),
        Window(
            Format("{details}\n\n{note}"),
            Row(
                SwitchTo(TrPlain("ticket-fields-rename"), id="ren", state=FieldsSG.rename),
                SwitchTo(
                    TrPlain("ticket-fields-choices"),
                    id="cho",
                    state=FieldsSG.choices,
                    when="is_choice",
                ),
            ),
            Row(
                Button(TrPlain("ticket-fields-up"), id="up", on_click=on(_up)),
                Button(TrPlain("ticket-fields-down"), id="down", on_click=on(_down)),
            ),
            Button(
                TrPlain("ticket-fields-make-optional"),
                id="opt",
                on_click=on(lambda fs, k: field_editing.set_required(fs, k, False)),
                when="is_required",
            ),
            Button(
                TrPlain("ticket-fields-make-required"),
                id="req",
                on_click=on(lambda fs, k: field_editing.set_required(fs, k, True)),
                when=~F["is_required"],
            ),
            Button(
                TrPlain("ticket-fields-retire"),
                id="ret",
                on_click=on(lambda fs, k: field_editing.set_active(fs, k, False)),
                when="is_active",
            ),
            Button(
                TrPlain("ticket-fields-restore"),
                id="res",
                on_click=on(lambda fs, k: field_editing.set_active(fs, k, True)),
                when=~F["is_active"],
            ),
            Button(
                Format("{personal_label}"),
                id="pdn",
                on_click=on_toggle_personal_data,
            ),
            SwitchTo(TrPlain("btn-back"), id="f_back", state=FieldsSG.main),
            state=FieldsSG.field,
            getter=_getter,
        ),
        _text_window(
            "ticket-fields-rename-prompt",
            _on_rename,
            FieldsSG.rename,
            FieldsSG.field,
            current="current_label",
        ),
        _text_window(
            "ticket-fields-choices-prompt",
            _on_choices,
            FieldsSG.choices,
            FieldsSG.field,
            current="current_choices",
        ),
        _text_window("ticket-fields-add-prompt", _on_new_label, FieldsSG.add_label, FieldsSG.main),
        Window(
            TrPlain("ticket-fields-add-type"),
            Group(Select(item, "ty", lambda x: x[0], "types", str, _on_new_type), width=2),
            SwitchTo(TrPlain("btn-back"), id="t_back", state=FieldsSG.main),
            state=FieldsSG.add_type,
            getter=_getter,
        ),
        _text_window(
            "ticket-fields-choices-prompt", _on_new_choices, FieldsSG.add_choices, FieldsSG.main
        ),
        Window(
            Format("{note}"),
            Button(
                TrPlain("ticket-fields-apply"),
                id="apply",
                on_click=files.on_apply,
                when="has_pending",
            ),
            SwitchTo(TrPlain("btn-cancel"), id="p_cancel", state=FieldsSG.main),
            state=FieldsSG.preview,
            getter=_getter,
        ),
    )


def _up(field_set: FieldSet, key: str) -> FieldSet:
    return field_editing.move(field_set, key, -1)


def _down(field_set: FieldSet, key: str) -> FieldSet:
    return field_editing.move(field_set, key, +1)
