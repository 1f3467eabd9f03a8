"""Executor import: an admin sends the .xlsx, sees the preview, confirms or cancels."""

from __future__ import annotations

import asyncio
import io
import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Document, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import OFFICIAL_API_BASE, Settings
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import ImportCb, MenuCb
from bot.views.staff_notices import report_open_tickets
from bot.views.staff_preview import PreviewText, error_filename, error_workbook, preview_keyboard
from db.models import Person, Role, StaffUpload
from services import staff_upload
from services.staff_upload import Limits, Outcome

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="staff-import")
    admin = Router(name="staff-import-admin")
    admin.message.filter(HasRole(Role.ADMIN))
    admin.callback_query.filter(HasRole(Role.ADMIN))
    admin.message.register(upload_help_command, Command("import"))
    admin.callback_query.register(upload_help_menu, MenuCb.filter(F.item == "upload_staff"))
    admin.message.register(receive_file, F.document)
    admin.callback_query.register(confirm, ImportCb.filter(F.action.in_({"apply", "apply_deact"})))
    admin.callback_query.register(cancel, ImportCb.filter(F.action == "cancel"))
    # Anyone else pressing (or forging) an import button: refused, nothing changes. A router's
    # own handlers run before its sub-routers', so this one goes in a sub-router after admin.
    others = Router(name="staff-import-others")
    others.callback_query.register(not_allowed, ImportCb.filter())
    router.include_routers(admin, others)
    return router


def limits(settings: Settings) -> Limits:
    official = settings.telegram.api_base == OFFICIAL_API_BASE
    max_bytes = settings.staff.max_file_bytes(official_api=official)
    return Limits(max_bytes=max_bytes, max_rows=settings.staff.max_rows)


async def upload_help_command(message: Message, i18n: Translator, settings: Settings) -> None:
    await message.answer(_help(i18n, settings))


async def upload_help_menu(callback: CallbackQuery, i18n: Translator, settings: Settings) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(_help(i18n, settings))


def _help(i18n: Translator, settings: Settings) -> str:
    limit = limits(settings)
    return i18n("staff-upload-help", limit_mb=_mb(limit.max_bytes), max_rows=limit.max_rows)


async def receive_file(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person,
) -> None:
    document: Document = message.document  # type: ignore[assignment]
    limit = limits(settings)
    # Checked before downloading: Telegram tells the size, and the Bot API refuses >20 MB.
    if document.file_size is not None and document.file_size > limit.max_bytes:
        await message.answer(i18n("import-error-too-big", limit_mb=_mb(limit.max_bytes)))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    data = buffer.getvalue()
    filename = document.file_name or "staff.xlsx"
    log.info("staff upload received", extra={"person_id": person.id, "bytes": len(data)})
    await send_preview(message, session, i18n, settings, data, filename, person)


async def send_preview(
    message: Message,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    data: bytes,
    filename: str,
    person: Person,
) -> None:
    preview = await staff_upload.preview(session, data, filename, limits(settings))
    if preview.plan is None:
        assert preview.read.file_error is not None
        await message.answer(i18n.msg(preview.read.file_error))
        return
    upload = await staff_upload.store(session, data, filename, preview.plan, person)
    renderer = PreviewText(i18n, html=True, max_lines=settings.staff.preview_lines)
    await message.answer(
        renderer.render(filename, preview.plan),
        reply_markup=preview_keyboard(i18n, upload.id, preview.plan),
    )
    errors = await asyncio.to_thread(error_workbook, i18n, data, preview)
    if errors is not None:
        await message.answer_document(
            BufferedInputFile(errors, error_filename(i18n, filename)),
            caption=i18n("staff-errors-caption", count=len(preview.plan.errors)),
        )


async def confirm(
    callback: CallbackQuery,
    callback_data: ImportCb,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person,
) -> None:
    result = await staff_upload.confirm(
        session,
        callback_data.upload_id,
        limits(settings),
        deactivate_missing=callback_data.action == "apply_deact",
    )
    message = callback.message if isinstance(callback.message, Message) else None
    if result.outcome is Outcome.DONE and result.applied is not None:
        applied = result.applied
        await report_open_tickets(session, i18n, applied.deactivated)
        log.info(
            "staff import applied",
            extra={"upload_id": callback_data.upload_id, "person_id": person.id},
        )
        await callback.answer()
        text = i18n(
            "staff-import-done",
            created=applied.created,
            updated=applied.updated,
            deactivated=len(applied.deactivated),
        )
        if message is not None:
            await message.edit_text(text)
        return
    if result.outcome is Outcome.STALE and message is not None:
        await callback.answer(i18n.plain("staff-import-stale"), show_alert=True)
        await message.edit_text(i18n("staff-import-stale"))
        upload = await session.get(StaffUpload, callback_data.upload_id)
        if upload is not None:
            await send_preview(
                message, session, i18n, settings, upload.content, upload.filename, person
            )
        return
    await callback.answer(i18n.plain(_OUTCOME_KEYS[result.outcome]), show_alert=True)


async def cancel(
    callback: CallbackQuery, callback_data: ImportCb, session: AsyncSession, i18n: Translator
) -> None:
    outcome = await staff_upload.cancel(session, callback_data.upload_id)
    if outcome is not Outcome.DONE:
        await callback.answer(i18n.plain(_OUTCOME_KEYS[outcome]), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(i18n("staff-import-cancelled"))


async def not_allowed(callback: CallbackQuery, i18n: Translator) -> None:
    await callback.answer(i18n.plain("no-rights"), show_alert=True)


_OUTCOME_KEYS = {
    Outcome.NOT_FOUND: "staff-import-not-found",
    Outcome.ALREADY_APPLIED: "staff-import-already-applied",
    Outcome.CANCELLED: "staff-import-was-cancelled",
    Outcome.STALE: "staff-import-stale",
    Outcome.DONE: "staff-import-cancelled",
}


def _mb(size: int) -> int | float:
    megabytes = size / (1024 * 1024)
    return int(megabytes) if megabytes.is_integer() else round(megabytes, 1)
