"""Retention for admins: /retention and «🗑 Сроки хранения и акты» — the configured periods,
the last run, and the destruction records (акты) as .xlsx. Admins only: every press re-checks
the role from the database (HasRole); anyone else is told the screen is for admins."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import func, select

from bot.context import RequestContext
from bot.views.formatting import format_moment
from db.models import DestructionAct
from handlers.common.admin_screen import admin_screen_router, close_screen
from services.audit import AuditAction, record
from services.privacy.acts import ActsSheets, acts_workbook, recent_acts
from services.privacy.retention import last_run

log = logging.getLogger(__name__)
# The workbook holds the latest acts (one a day at most from the job, plus erasures).
ACTS_IN_WORKBOOK = 1000
ACT_COLUMNS = ("act", "date", "kind", "actor", "category", "count", "people")
TICKET_COLUMNS = ("act", "date", "category", "ticket")


class RetentionCb(CallbackData, prefix="ret"):
    a: str  # acts, close


def create_router() -> Router:
    router, admins = admin_screen_router(
        "retention",
        command="retention",
        menu_item="retention",
        buttons=RetentionCb,
        screen=_screen,
        refusal_key="retention-admins-only",
    )
    admins.callback_query.register(download_acts, RetentionCb.filter(F.a == "acts"))
    admins.callback_query.register(close_screen, RetentionCb.filter(F.a == "close"))
    return router


async def _screen(ctx: RequestContext) -> tuple[str, InlineKeyboardMarkup]:
    periods = ctx.settings.retention
    tz = ctx.settings.company.tz
    ran = await last_run(ctx.session)
    acts = await ctx.session.scalar(select(func.count()).select_from(DestructionAct)) or 0
    lines = [
        ctx.i18n("retention-title"),
        "",
        ctx.i18n(
            "retention-periods",
            tickets=periods.closed_ticket_personal_data_days,
            uploads=periods.staff_upload_days,
            drafts=periods.draft_days,
            outbox=periods.failed_outbox_days,
            requests=periods.rejected_access_request_days,
            audit=periods.audit_log_days,
        ),
        "",
        ctx.i18n("retention-schedule", time=periods.run_at),
        ctx.i18n("retention-last-run", at=format_moment(ran, tz))
        if ran is not None
        else ctx.i18n("retention-never-run"),
        ctx.i18n("retention-acts-count", count=acts),
    ]
    builder = InlineKeyboardBuilder()
    builder.button(text=ctx.i18n.plain("retention-btn-acts"), callback_data=RetentionCb(a="acts"))
    builder.button(text=ctx.i18n.plain("retention-btn-close"), callback_data=RetentionCb(a="close"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


async def download_acts(callback: CallbackQuery, ctx: RequestContext) -> None:
    acts = await recent_acts(ctx.session, ACTS_IN_WORKBOOK)
    if not acts:
        await callback.answer(ctx.i18n.plain("retention-no-acts"), show_alert=True)
        return
    i18n, tz = ctx.i18n, ctx.settings.company.tz
    sheets = ActsSheets(
        acts_title=i18n.plain("retention-sheet-acts"),
        acts_columns=[i18n.plain(f"retention-col-{c}") for c in ACT_COLUMNS],
        tickets_title=i18n.plain("retention-sheet-tickets"),
        tickets_columns=[i18n.plain(f"retention-col-{c}") for c in TICKET_COLUMNS],
    )
    data = acts_workbook(
        acts,
        sheets,
        label=lambda key: i18n.plain(f"retention-{key}"),
        moment=lambda at: format_moment(at, tz),
    )
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.EXPORTED,
        details={"what": "destruction_acts", "acts": len(acts)},
    )
    log.info("destruction acts downloaded", extra={"person_id": ctx.member.id, "acts": len(acts)})
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer_document(
            BufferedInputFile(data, i18n.plain("retention-xlsx-filename")),
            caption=i18n.plain("retention-xlsx-caption", count=len(acts)),
        )
