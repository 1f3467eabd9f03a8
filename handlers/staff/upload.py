"""Executor import: an admin sends the .xlsx, sees the preview, confirms or cancels."""

from __future__ import annotations

import asyncio
import io
import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Document, Message

from bot.config import OFFICIAL_API_BASE, Settings
from bot.context import RequestContext
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import ImportCb, MenuCb
from bot.views.staff_notices import report_open_tickets
from bot.views.staff_preview import PreviewText, error_filename, error_workbook, preview_keyboard
from db.models import Role, StaffUpload
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


async def upload_help_command(message: Message, ctx: RequestContext) -> None:
    await message.answer(_help(ctx))


async def upload_help_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(_help(ctx))


def _help(ctx: RequestContext) -> str:
    limit = limits(ctx.settings)
    return ctx.i18n("staff-upload-help", limit_mb=_mb(limit.max_bytes), max_rows=limit.max_rows)


async def receive_file(message: Message, ctx: RequestContext) -> None:
    document: Document = message.document  # type: ignore[assignment]
    limit = limits(ctx.settings)
    # Checked before downloading: Telegram tells the size, and the Bot API refuses >20 MB.
    if document.file_size is not None and document.file_size > limit.max_bytes:
        await message.answer(ctx.i18n("import-error-too-big", limit_mb=_mb(limit.max_bytes)))
        return
    buffer = io.BytesIO()
    await ctx.bot.download(document, destination=buffer)
    data = buffer.getvalue()
    filename = document.file_name or "staff.xlsx"
    log.info("staff upload received", extra={"person_id": ctx.member.id, "bytes": len(data)})
    await send_preview(message, ctx, data, filename)


async def send_preview(message: Message, ctx: RequestContext, data: bytes, filename: str) -> None:
    preview = await staff_upload.preview(ctx.session, data, filename, limits(ctx.settings))
    if preview.plan is None:
        assert preview.read.file_error is not None
        await message.answer(ctx.i18n.msg(preview.read.file_error))
        return
    upload = await staff_upload.store(ctx.session, data, filename, preview.plan, ctx.member)
    renderer = PreviewText(ctx.i18n, html=True, max_lines=ctx.settings.staff.preview_lines)
    await message.answer(
        renderer.render(filename, preview.plan),
        reply_markup=preview_keyboard(ctx.i18n, upload.id, preview.plan),
    )
    errors = await asyncio.to_thread(error_workbook, ctx.i18n, data, preview)
    if errors is not None:
        await message.answer_document(
            BufferedInputFile(errors, error_filename(ctx.i18n, filename)),
            caption=ctx.i18n("staff-errors-caption", count=len(preview.plan.errors)),
        )


async def confirm(callback: CallbackQuery, callback_data: ImportCb, ctx: RequestContext) -> None:
    result = await staff_upload.confirm(
        ctx.session,
        callback_data.upload_id,
        limits(ctx.settings),
        deactivate_missing=callback_data.action == "apply_deact",
        actor=ctx.actor,
    )
    message = callback.message if isinstance(callback.message, Message) else None
    if result.outcome is Outcome.DONE and result.applied is not None:
        applied = result.applied
        await report_open_tickets(
            ctx.session, ctx.i18n, applied.deactivated, ctx.settings.access.admins
        )
        log.info(
            "staff import applied",
            extra={"upload_id": callback_data.upload_id, "person_id": ctx.member.id},
        )
        await callback.answer()
        text = ctx.i18n(
            "staff-import-done",
            created=applied.created,
            updated=applied.updated,
            deactivated=len(applied.deactivated),
        )
        if message is not None:
            await message.edit_text(text)
        return
    if result.outcome is Outcome.STALE and message is not None:
        await callback.answer(ctx.i18n.plain("staff-import-stale"), show_alert=True)
        await message.edit_text(ctx.i18n("staff-import-stale"))
        upload = await ctx.session.get(StaffUpload, callback_data.upload_id)
        if upload is not None:
            await send_preview(message, ctx, upload.content, upload.filename)
        return
    await callback.answer(ctx.i18n.plain(_OUTCOME_KEYS[result.outcome]), show_alert=True)


async def cancel(callback: CallbackQuery, callback_data: ImportCb, ctx: RequestContext) -> None:
    outcome = await staff_upload.cancel(ctx.session, callback_data.upload_id)
    if outcome is not Outcome.DONE:
        await callback.answer(ctx.i18n.plain(_OUTCOME_KEYS[outcome]), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("staff-import-cancelled"))


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
