"""The subject request dialogue: a phone or a name, what was found, export or erase.

The dialogue keeps only ids (tickets, people), never what the admin typed. Every button
re-checks the admin role (read from the database for this update) and acts only on ids the
search itself found, so forged or stale callback data reaches nothing else.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from aiogram import F, Router
from aiogram.enums import ContentType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import RequestContext, request_context
from bot.views.callbacks import MenuCb, row_id
from bot.views.dialog_text import Tr, TrPlain
from db.base import utcnow
from db.models import Person, Role
from services.audit import AuditAction, record
from services.privacy import subjects
from services.privacy.acts import person_actor

log = logging.getLogger(__name__)


class SubjectSG(StatesGroup):
    query = State()
    found = State()
    staff = State()
    confirm = State()


def create_router() -> Router:
    router = Router(name="subject-dialog")
    router.message.register(open_command, Command("subject"))
    router.callback_query.register(open_menu, MenuCb.filter(F.item == "subject"))
    router.include_router(create_dialog())
    return router


async def open_command(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(SubjectSG.query, mode=StartMode.RESET_STACK)


async def open_menu(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(SubjectSG.query, mode=StartMode.RESET_STACK)


def _ids(manager: DialogManager, key: str) -> list[int]:
    return [int(i) for i in manager.dialog_data.get(key) or []]


def _numbers_or_none(manager: DialogManager) -> str:
    # Fluent cannot test for an empty string: "none" selects the wording for a caller known
    # only from telephony calls.
    return _numbers(manager) or "none"


def _numbers(manager: DialogManager) -> str:
    return ", ".join(str(n) for n in _ids(manager, "numbers"))


async def _admin(
    ctx: RequestContext, event: CallbackQuery | Message, action: AuditAction | None = None
) -> bool:
    """The admin role, from the database for this very update; a refused export or erasure
    is recorded in the audit log."""
    if Role.ADMIN in ctx.roles and ctx.person is not None:
        return True
    if action is not None and ctx.person is not None:
        await record(ctx.session, ctx.actor, action, result="denied")
    if isinstance(event, CallbackQuery):
        await event.answer(ctx.i18n.plain("no-rights"), show_alert=True)
    else:
        await event.answer(ctx.i18n("no-rights"))
    return False


# ----- the search


async def _on_query(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    ctx = request_context(manager)
    manager.show_mode = ShowMode.SEND
    if not await _admin(ctx, message):
        return
    found = await subjects.find(ctx.session, (message.text or "")[:200])
    if found is None:
        await message.answer(ctx.i18n("subject-bad-query"))
        return
    if found.empty:
        await message.answer(ctx.i18n("subject-nothing-found"))
        return
    manager.dialog_data.update(
        tickets=list(found.ticket_ids),
        numbers=list(found.ticket_numbers),
        staff=[match.id for match in found.staff],
        calls=list(found.call_ids),
        person=None,
    )
    await manager.switch_to(SubjectSG.found)


async def _found_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    staff_ids = _ids(dialog_manager, "staff")
    people = []
    for person_id in staff_ids:
        person = await ctx.session.get(Person, person_id)
        if person is not None:
            people.append((person.id, ctx.i18n.plain("subject-btn-staff", name=person.full_name)))
    tickets = len(_ids(dialog_manager, "tickets"))
    calls = len(_ids(dialog_manager, "calls"))
    return {
        "tickets": tickets,
        "numbers": _numbers_or_none(dialog_manager),
        "staff": len(people),
        "people": people,
        "calls": calls,
        "has_calls": calls > 0,
        "has_tickets": tickets > 0 or calls > 0,
    }


async def _on_staff(
    callback: CallbackQuery, _w: Select[int], manager: DialogManager, item: int
) -> None:
    ctx = request_context(manager)
    if not await _admin(ctx, callback):
        return
    if int(item) not in _ids(manager, "staff"):
        await callback.answer(ctx.i18n.plain("subject-gone"), show_alert=True)
        return
    manager.dialog_data["person"] = int(item)
    await callback.answer()
    await manager.switch_to(SubjectSG.staff)


async def _person(ctx: RequestContext, manager: DialogManager) -> Person | None:
    person_id = manager.dialog_data.get("person")
    if person_id is None or int(person_id) not in _ids(manager, "staff"):
        return None
    return await ctx.session.get(Person, int(person_id))


async def _staff_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    person = await _person(ctx, dialog_manager)
    if person is None:
        return {"id": 0, "name": "", "active": "no"}
    return {
        "id": person.id,
        "name": person.full_name,
        "active": "yes" if person.is_active else "no",
    }


# ----- export


async def _on_export(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    if not await _admin(ctx, callback, AuditAction.SUBJECT_EXPORTED):
        return
    if not isinstance(callback.message, Message):
        return
    staff = manager.current_context().state == SubjectSG.staff
    if staff:
        person = await _person(ctx, manager)
        data = await subjects.collect_staff(ctx.session, person.id) if person else None
    else:
        ids, calls = _ids(manager, "tickets"), _ids(manager, "calls")
        data = (
            await subjects.collect_resident(
                ctx.session, ids, ctx.settings.tickets.address_fields, call_ids=calls
            )
            if ids or calls
            else None
        )
    if data is None:
        await callback.answer(ctx.i18n.plain("subject-gone"), show_alert=True)
        return
    await callback.answer(ctx.i18n.plain("subject-exporting"))
    await subjects.forget_sent_exports(ctx.session)
    files, missing = await _download(ctx, data)
    now = utcnow()
    workbook = subjects.export_workbook(data, ctx.i18n, now)
    archive = subjects.export_zip(workbook, files)
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.SUBJECT_EXPORTED,
        subject_person_id=data.person_id,
        details={
            "kind": data.kind,
            "tickets": data.ticket_numbers,
            "calls": len(data.call_ids),
            "records": data.record_count,
            "files": len(files),
            "missing_files": missing,
        },
    )
    await callback.message.answer_document(
        BufferedInputFile(archive, filename=subjects.export_name(data, now)),
        caption=ctx.i18n.plain(
            "subject-export-caption", records=data.record_count, files=len(files)
        ),
    )
    if missing:
        await callback.message.answer(ctx.i18n("subject-export-missing", count=missing))
    manager.show_mode = ShowMode.SEND


async def _download(
    ctx: RequestContext, data: subjects.Collected
) -> tuple[list[tuple[str, bytes]], int]:
    files: list[tuple[str, bytes]] = []
    total = missing = 0
    for index, held in enumerate(data.files, start=1):
        # Telegram lets a bot send 50 MB at most: what would not fit is listed only.
        if total + held.size > subjects.MAX_FILES_BYTES:
            missing += 1
            continue
        try:
            buffer = io.BytesIO()
            await ctx.bot.download(held.file_id, destination=buffer)
        except TelegramAPIError:
            log.warning("subject export: a file could not be downloaded")
            missing += 1
            continue
        content = buffer.getvalue()
        if total + len(content) > subjects.MAX_FILES_BYTES:
            missing += 1
            continue
        total += len(content)
        files.append((subjects.file_name(index, held), content))
    return files, missing


# ----- erasure


async def _confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = request_context(dialog_manager)
    person_id = dialog_manager.dialog_data.get("erase_person")
    return {
        "is_staff": person_id is not None,
        "is_resident": person_id is None,
        "numbers": _numbers_or_none(dialog_manager),
        "id": int(person_id or 0),
        "pseudonym": ctx.i18n.plain("subject-pseudonym", id=int(person_id or 0)),
    }


async def _on_erase(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    if not await _admin(ctx, callback):
        return
    if manager.current_context().state == SubjectSG.staff:
        person = await _person(ctx, manager)
        if person is None:
            await callback.answer(ctx.i18n.plain("subject-gone"), show_alert=True)
            return
        if person.is_active:
            await callback.answer(
                ctx.i18n.plain("subject-still-active", id=person.id), show_alert=True
            )
            return
        manager.dialog_data["erase_person"] = person.id
    else:
        manager.dialog_data["erase_person"] = None
    await callback.answer()
    await manager.switch_to(SubjectSG.confirm)


async def _on_back_from_confirm(
    callback: CallbackQuery, button: Button, manager: DialogManager
) -> None:
    staff = manager.dialog_data.get("erase_person") is not None
    await manager.switch_to(SubjectSG.staff if staff else SubjectSG.found)


async def _on_confirm(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    if not await _admin(ctx, callback, AuditAction.ERASED):
        return
    if not isinstance(callback.message, Message):
        return
    person_id = manager.dialog_data.get("erase_person")
    if person_id is not None:
        await _erase_staff(callback, callback.message, ctx, manager)
    else:
        await _erase_resident(callback, callback.message, ctx, manager)
    manager.show_mode = ShowMode.SEND


async def _erase_resident(
    callback: CallbackQuery, message: Message, ctx: RequestContext, manager: DialogManager
) -> None:
    ids = _ids(manager, "tickets")
    result = await subjects.erase_resident(
        ctx.session,
        ids,
        now=utcnow(),
        address_fields=ctx.settings.tickets.address_fields,
        call_ids=_ids(manager, "calls"),
        actor=person_actor(ctx.member.id),
    )
    await callback.answer()
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.ERASED,
        details={"kind": "resident", "tickets": _ids(manager, "numbers"), **result.details()},
    )
    if not result.changed:
        await message.answer(ctx.i18n("subject-erase-noop"))
    else:
        await message.answer(
            ctx.i18n(
                "subject-erased-resident",
                tickets=result.tickets,
                fields=result.fields,
                files=result.files,
                texts=result.texts,
                messages=result.messages,
                calls=result.calls,
            )
        )
    await manager.switch_to(SubjectSG.found)


async def _erase_staff(
    callback: CallbackQuery, message: Message, ctx: RequestContext, manager: DialogManager
) -> None:
    person = await _person(ctx, manager)
    if person is None or person.id != manager.dialog_data.get("erase_person"):
        await callback.answer(ctx.i18n.plain("subject-gone"), show_alert=True)
        return
    pseudonym = ctx.i18n.plain("subject-pseudonym", id=person.id)
    try:
        result = await subjects.erase_staff(
            ctx.session,
            person.id,
            pseudonym=pseudonym,
            now=utcnow(),
            actor=person_actor(ctx.member.id),
        )
    except subjects.StillActiveError:
        await callback.answer(ctx.i18n.plain("subject-still-active", id=person.id), show_alert=True)
        await manager.switch_to(SubjectSG.staff)
        return
    assert result is not None
    await callback.answer()
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.ERASED,
        subject_person_id=person.id,
        details={"kind": "staff", **result.details()},
    )
    if not result.changed:
        await message.answer(ctx.i18n("subject-erase-noop"))
    else:
        await message.answer(
            ctx.i18n(
                "subject-erased-staff",
                id=person.id,
                pseudonym=pseudonym,
                records=result.records,
                messages=result.messages,
            )
        )
    await manager.switch_to(SubjectSG.staff)


def create_dialog() -> Dialog:
    export = Button(TrPlain("subject-btn-export"), id="export", on_click=_on_export)
    erase = Button(TrPlain("subject-btn-erase"), id="erase", on_click=_on_erase)
    return Dialog(
        Window(
            Tr("subject-ask"),
            MessageInput(_on_query, content_types=[ContentType.TEXT]),
            Cancel(TrPlain("btn-cancel")),
            state=SubjectSG.query,
        ),
        Window(
            Tr("subject-found"),
            Tr("subject-found-calls", when="has_calls"),
            Tr("subject-found-resident", when="has_tickets"),
            Row(
                Button(
                    TrPlain("subject-btn-export"),
                    id="export_resident",
                    on_click=_on_export,
                    when="has_tickets",
                ),
                Button(
                    TrPlain("subject-btn-erase"),
                    id="erase_resident",
                    on_click=_on_erase,
                    when="has_tickets",
                ),
            ),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="people",
                    item_id_getter=lambda item: item[0],
                    items="people",
                    type_factory=row_id,
                    on_click=_on_staff,
                )
            ),
            MessageInput(_on_query, content_types=[ContentType.TEXT]),
            Row(
                SwitchTo(TrPlain("subject-btn-again"), id="again", state=SubjectSG.query),
                Cancel(TrPlain("btn-cancel")),
            ),
            state=SubjectSG.found,
            getter=_found_getter,
        ),
        Window(
            Tr("subject-staff-card"),
            Row(export, erase),
            Row(
                SwitchTo(TrPlain("btn-back"), id="back_found", state=SubjectSG.found),
                Cancel(TrPlain("btn-cancel")),
            ),
            state=SubjectSG.staff,
            getter=_staff_getter,
        ),
        Window(
            Tr("subject-confirm-resident", when="is_resident"),
            Tr("subject-confirm-staff", when="is_staff"),
            Button(TrPlain("subject-btn-confirm"), id="confirm", on_click=_on_confirm),
            Row(
                Button(TrPlain("btn-back"), id="back_confirm", on_click=_on_back_from_confirm),
                Cancel(TrPlain("btn-cancel")),
            ),
            state=SubjectSG.confirm,
            getter=_confirm_getter,
        ),
    )
