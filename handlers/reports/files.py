"""Sending a report or a ticket export to the person who asked (a direct answer)."""

from __future__ import annotations

from aiogram.types import BufferedInputFile, Message

from bot.context import RequestContext
from services.audit import AuditAction, record
from services.reports.bundle import build_report
from services.reports.export import export_tickets_xlsx
from services.reports.journal import journal_xlsx
from services.reports.period import Period


async def send_report_files(message: Message, ctx: RequestContext, period: Period) -> None:
    files = await build_report(ctx.session, period, ctx.i18n)
    await _audit(ctx, "report", period)
    label = period.label
    await message.answer(ctx.i18n.msg(files.message))
    await message.answer_document(
        BufferedInputFile(files.xlsx, filename=f"{files.stem}.xlsx"),
        caption=ctx.i18n.plain("report-file-caption", period=label),
    )
    await message.answer_photo(
        BufferedInputFile(files.png, filename=f"{files.stem}.png"),
        caption=ctx.i18n.plain("report-photo-caption", period=label),
    )


async def send_export(message: Message, ctx: RequestContext, period: Period) -> None:
    content = await export_tickets_xlsx(ctx.session, period, ctx.i18n, ctx.settings.company.tz)
    await _audit(ctx, "tickets", period)
    name = f"tickets_{period.first_day:%Y-%m-%d}_{period.last_day:%Y-%m-%d}.xlsx"
    await message.answer_document(
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n.plain("report-btn-mode-export") + f" {period.label}",
    )


async def send_journal(message: Message, ctx: RequestContext, period: Period) -> None:
    content = await journal_xlsx(ctx.session, period, ctx.i18n, ctx.settings.company.tz)
    await _audit(ctx, "journal", period)
    name = f"journal_{period.first_day:%Y-%m-%d}_{period.last_day:%Y-%m-%d}.xlsx"
    await message.answer_document(
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n.plain("journal-caption", period=period.label),
    )


async def _audit(ctx: RequestContext, what: str, period: Period) -> None:
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.EXPORTED,
        details={
            "what": what,
            "from": period.first_day.isoformat(),
            "to": period.last_day.isoformat(),
        },
    )
