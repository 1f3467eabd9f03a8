"""An executor's own tickets ("My tickets in work"): stage and deadline, a button each."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.filters import HasRole
from bot.views.callbacks import MenuCb, WorkCb
from bot.views.ticket_rows import row_line
from db.base import utcnow
from db.models import Role
from services.tickets import queues


def create_router() -> Router:
    router = Router(name="executor-list")
    router.message.filter(HasRole(Role.EXECUTOR))
    router.callback_query.filter(HasRole(Role.EXECUTOR))
    router.message.register(list_command, Command("work"))
    router.callback_query.register(list_menu, MenuCb.filter(F.item == "my_work"))
    return router


async def list_command(message: Message, ctx: RequestContext) -> None:
    await _send_list(message, ctx)


async def list_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _send_list(callback.message, ctx)


async def _send_list(message: Message, ctx: RequestContext) -> None:
    rows = await queues.assigned_rows(ctx.session, ctx.member.id, utcnow())
    if not rows:
        await message.answer(ctx.i18n("work-my-empty"))
        return
    tz = ctx.settings.company.tz
    lines = [ctx.i18n("work-my-title", count=len(rows))]
    builder = InlineKeyboardBuilder()
    for row in rows:
        lines.append(row_line(ctx.i18n, row, tz))
        builder.button(
            text=ctx.i18n.plain("work-my-open", number=row.number),
            callback_data=WorkCb(a="card", t=row.ticket_id, s=row.stage_key),
        )
    builder.adjust(3)
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())
