"""Sending a report or a ticket export to the person who asked (a direct answer)."""

from __future__ import annotations

from aiogram.types import BufferedInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from services.reports.bundle import build_report
from services.reports.export import export_tickets_xlsx
from services.reports.period import Period


async def send_report_files(
    message: Message, session: AsyncSession, i18n: Translator, period: Period
) -> None:
    files = await build_report(session, period, i18n)
    label = period.label
    await message.answer(i18n.msg(files.message))
    await message.answer_document(
        BufferedInputFile(files.xlsx, filename=f"{files.stem}.xlsx"),
        caption=i18n.plain("report-file-caption", period=label),
    )
    await message.answer_photo(
        BufferedInputFile(files.png, filename=f"{files.stem}.png"),
        caption=i18n.plain("report-photo-caption", period=label),
    )


async def send_export(
    message: Message, session: AsyncSession, i18n: Translator, settings: Settings, period: Period
) -> None:
    content = await export_tickets_xlsx(session, period, i18n, settings.company.tz)
    name = f"tickets_{period.first_day:%Y-%m-%d}_{period.last_day:%Y-%m-%d}.xlsx"
    await message.answer_document(
        BufferedInputFile(content, filename=name),
        caption=i18n.plain("report-btn-mode-export") + f" {period.label}",
    )
