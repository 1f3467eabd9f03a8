"""Assignment buttons: a manager's "Assign" (pick from executors with position, availability
and open load), a pool executor's "Take" (the first one wins)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.filters import HasRole, IsKnown
from bot.i18n import Translator
from bot.views.callbacks import ForgedButtonError, WorkCb, row_id
from db.models import MANAGING_ROLES, Person, Ticket
from handlers.work.loading import refuse_alert, show_card
from services.messages import Msg
from services.tickets import rights
from services.work import queries, reachability
from services.work.taking import pick, take
from services.workflow import manual_candidates


def create_router() -> Router:
    router = Router(name="assignment")
    router.callback_query.filter(IsKnown())
    router.callback_query.register(on_take, WorkCb.filter(F.a == "take"))
    managers = Router(name="assignment-managers")
    managers.callback_query.filter(HasRole(*MANAGING_ROLES))
    managers.callback_query.register(on_assign, WorkCb.filter(F.a == "assign"))
    managers.callback_query.register(on_pick, WorkCb.filter(F.a == "pick"))
    others = Router(name="assignment-others")
    others.callback_query.register(not_a_manager, WorkCb.filter(F.a.in_({"assign", "pick"})))
    router.include_routers(managers, others)
    return router


async def on_take(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    # Not ``ticket_or_refuse``: the pool may take a ticket it cannot see yet; ``take`` decides
    # what each presser may learn about it.
    ticket = await ctx.session.get(Ticket, callback_data.t)
    if ticket is None:
        await refuse_alert(callback, ctx.i18n, rights.NOT_AVAILABLE)
        return
    refusal = await take(ctx.work, ticket, ctx.member, ctx.roles, callback_data.s)
    if refusal is not None:
        await refuse_alert(callback, ctx.i18n, refusal)
        return
    await callback.answer(ctx.i18n.plain("work-taken-you", number=ticket.number))
    if isinstance(callback.message, Message):
        await show_card(
            callback.message,
            ctx,
            ticket,
            edit=True,
        )


async def on_assign(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    ticket = await ctx.session.get(Ticket, callback_data.t)
    if ticket is None:
        await refuse_alert(callback, ctx.i18n, rights.NOT_AVAILABLE)
        return
    if ticket.closed_at is not None or ticket.stage_key != callback_data.s:
        await refuse_alert(callback, ctx.i18n, Msg("work-stale"))
        return
    executors = {e.person.id: e for e in await queries.executors(ctx.session)}
    ordered = manual_candidates(
        ctx.settings.workflow.assignment, [e.candidate for e in executors.values()], ticket.category
    )
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if not ordered:
        await callback.message.answer(ctx.i18n("work-no-executors"))
        return
    blocked = await reachability.unreachable(ctx.session, [e.person for e in executors.values()])
    builder = InlineKeyboardBuilder()
    for candidate in ordered:
        executor = executors[candidate.person_id]
        label = ctx.i18n.plain(
            "work-pick-label",
            name=executor.person.full_name,
            position=executor.person.position or "-",
            available="yes" if candidate.available else "no",
            load=executor.open_load,
            unreachable="yes" if executor.person.id in blocked else "no",
        )
        made_for = ticket.assignee_id or 0
        data = WorkCb(
            a="pick", t=ticket.id, s=ticket.stage_key, x=f"{candidate.person_id}.{made_for}"
        )
        builder.button(text=label, callback_data=data)
    builder.adjust(1)
    await callback.message.answer(
        ctx.i18n("work-pick-title", number=ticket.number), reply_markup=builder.as_markup()
    )


async def on_pick(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    ticket = await ctx.session.get(Ticket, callback_data.t)
    if ticket is None:
        await refuse_alert(callback, ctx.i18n, rights.NOT_AVAILABLE)
        return
    person, _, assignee = callback_data.x.partition(".")
    try:
        executor_id = row_id(person)
        # A picker made before the assignee was in its buttons carries none: not checked.
        made_for = row_id(assignee) if assignee else None
    except ForgedButtonError:
        await refuse_alert(callback, ctx.i18n, Msg("work-not-executor"))
        return
    refusal = await pick(
        ctx.work, ticket, ctx.member, executor_id, callback_data.s, made_for_assignee=made_for
    )
    if refusal is not None:
        await refuse_alert(callback, ctx.i18n, refusal)
        return
    executor = await ctx.session.get(Person, executor_id)
    name = executor.full_name if executor else ""
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(
            ctx.i18n("work-assigned-by-you", number=ticket.number, name=name)
        )


async def not_a_manager(callback: CallbackQuery, i18n: Translator) -> None:
    await callback.answer(i18n.plain("work-managers-only"), show_alert=True)
