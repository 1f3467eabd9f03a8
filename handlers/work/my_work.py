"""An executor's own tickets ("My tickets in work"): stage and deadline, a button each."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.filters import HasRole
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, WorkCb
from bot.views.formatting import format_moment
from db.models import Person, Role
from handlers.work.loading import stage_name
from services.work import queries


def create_router() -> Router:
    router = Router(name="executor-list")
    router.message.filter(HasRole(Role.EXECUTOR))
    router.callback_query.filter(HasRole(Role.EXECUTOR))
    router.message.register(list_command, Command("work"))
    router.callback_query.register(list_menu, MenuCb.filter(F.item == "my_work"))
    return router


async def list_command(
    message: Message, session: AsyncSession, i18n: Translator, settings: Settings, person: Person
) -> None:
    await _send_list(message, session, i18n, settings, person)


async def list_menu(
    callback: CallbackQuery,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    person: Person,
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await _send_list(callback.message, session, i18n, settings, person)


async def _send_list(
    message: Message, session: AsyncSession, i18n: Translator, settings: Settings, person: Person
) -> None:
    tickets = await queries.assigned_to(session, person.id)
    if not tickets:
        await message.answer(i18n("work-my-empty"))
        return
    tz = settings.company.tz
    lines = [i18n("work-my-title", count=len(tickets))]
    builder = InlineKeyboardBuilder()
    for ticket in tickets:
        lines.append(
            i18n(
                "work-my-line",
                number=ticket.number,
                subject=ticket.subject or "-",
                stage=stage_name(ticket),
                deadline=format_moment(ticket.stage_deadline_at, tz),
            )
        )
        builder.button(
            text=i18n.plain("work-my-open", number=ticket.number),
            callback_data=WorkCb(a="card", t=ticket.id, s=ticket.stage_key),
        )
    builder.adjust(3)
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())
