"""Stage actions on a ticket from its buttons: accept, move, confirm; actions that need
words (finish with a report, ask, transfer, reject, return, reopen, comment, refuse, answer)
start a short input. Every press re-checks the ticket as stored now, and the move itself
refuses a step that needs words without them (``services.work.moves.words_needed``)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import RequestContext
from bot.filters import IsKnown
from bot.views.callbacks import WorkCb
from bot.views.history import history_chunks
from bot.views.work_buttons import (
    actor_of,
    cancel_keyboard,
    done_keyboard,
    end_confirm_keyboard,
    extra_buttons,
)
from db.models import Ticket
from handlers.work.inputs import WorkInput
from handlers.work.loading import refuse_alert, show_card, ticket_or_refuse
from services.messages import Msg
from services.tickets import rights
from services.work import moves
from services.work.actions import perform
from services.workflow import Denied

MOVE_NOW = frozenset({"accept", "move", "confirm"})
NEEDS_WORDS = frozenset({"finish", "ask", "transfer", "reject", "back", "reopen"})
# Moves that end the resident's ticket without the work: asked once more before the words
# (the question, its «yes» button and the code that button carries, answered as the move).
ASKED_FIRST = {
    "reject": ("dispatch-reject-confirm", "dispatch-btn-reject-yes", "rejectok"),
    "transfer": ("dispatch-transfer-confirm", "dispatch-btn-transfer-yes", "transferok"),
}
CONFIRMED = {code: move for move, (_, _, code) in ASKED_FIRST.items()}
OTHER_WORDS = frozenset({"comment", "refuse", "answer"})


def create_router() -> Router:
    router = Router(name="executor-work")
    router.callback_query.filter(IsKnown())
    router.callback_query.register(on_move, WorkCb.filter(F.a.in_(MOVE_NOW)))
    router.callback_query.register(on_end_asked, WorkCb.filter(F.a.in_(set(ASKED_FIRST))))
    router.callback_query.register(on_reject_kept, WorkCb.filter(F.a == "rejectno"))
    router.callback_query.register(on_more, WorkCb.filter(F.a == "more"))
    words = NEEDS_WORDS | OTHER_WORDS | set(CONFIRMED)
    router.callback_query.register(on_words, WorkCb.filter(F.a.in_(words)))
    router.callback_query.register(on_view, WorkCb.filter(F.a.in_({"card", "history"})))
    return router


async def on_move(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    actor = actor_of(ctx.member, ctx.roles)
    refusal = await perform(
        ctx.work,
        ticket,
        callback_data.x,
        actor,
        expected_stage=callback_data.s,
    )
    if refusal is not None:
        await refuse_alert(callback, ctx.i18n, refusal)
        return
    await callback.answer(ctx.i18n.plain("work-done-stage", stage=moves.stage_of(ticket).name))
    if callback_data.a == "confirm" and isinstance(callback.message, Message):
        # The message carries the executor's report: it stays, only its buttons go.
        await callback.message.edit_reply_markup(reply_markup=None)
        await show_card(callback.message, ctx, ticket)
        return
    if isinstance(callback.message, Message):
        await show_card(
            callback.message,
            ctx,
            ticket,
            edit=True,
        )


def _precheck(ticket: Ticket, cb: WorkCb, ctx: RequestContext) -> Msg | None:
    if cb.a in NEEDS_WORDS:
        verdict = moves.check(
            ticket,
            cb.x,
            actor_of(ctx.member, ctx.roles),
            ctx.settings.workflow.rules,
            expected_stage=cb.s,
        )
        return verdict.reason if isinstance(verdict, Denied) else None
    if ticket.stage_key != cb.s:
        return Msg("work-stale")
    if cb.a == "refuse" and (ticket.assignee_id != ctx.member.id or ticket.closed_at is not None):
        return Msg("work-not-yours")
    if cb.a == "answer":
        if ticket.author_id != ctx.member.id:
            return Msg("work-not-yours")
        if not moves.stage_of(ticket).pauses_clock:
            return Msg("work-not-waiting")
    if cb.a == "comment" and not rights.can_view(ticket, ctx.member.id, ctx.roles):
        return Msg("work-not-yours")
    return None


async def on_more(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    """«Ещё…»: the moves that end the ticket appear in place of the button."""
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    actor = actor_of(ctx.member, ctx.roles)
    rules = ctx.settings.workflow.rules
    fresh = ticket.stage_key == callback_data.s
    extra = extra_buttons(ctx.i18n, ticket, actor, rules) if fresh else []
    if not extra:
        await refuse_alert(callback, ctx.i18n, Msg("work-stale"))
        return
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    current = callback.message.reply_markup
    if current is None:
        text = ctx.i18n("dispatch-more-title", number=ticket.number)
        markup = InlineKeyboardMarkup(inline_keyboard=[[button] for button in extra])
        await callback.message.answer(text, reply_markup=markup)
        return
    rows: list[list[InlineKeyboardButton]] = []
    for row in current.inline_keyboard:
        if any(button.callback_data == callback.data for button in row):
            rows += [[button] for button in extra]
        else:
            rows.append(row)
    expanded = InlineKeyboardMarkup(inline_keyboard=rows)
    await callback.message.edit_reply_markup(reply_markup=expanded)


async def on_end_asked(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    """A rejection or a transfer ends the resident's ticket: asked once more before the
    words."""
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    refusal = _precheck(ticket, callback_data, ctx)
    if refusal is not None:
        await refuse_alert(callback, ctx.i18n, refusal)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        question, yes, code = ASKED_FIRST[callback_data.a]
        await callback.message.answer(
            ctx.i18n(question, number=ticket.number),
            reply_markup=end_confirm_keyboard(ctx.i18n, callback_data, yes, code),
        )


async def on_reject_kept(
    callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext
) -> None:
    """«Назад»: nothing changes; the question says so and loses its buttons."""
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("dispatch-reject-kept", number=ticket.number))


async def on_words(
    callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext, state: FSMContext
) -> None:
    if callback_data.a in CONFIRMED:
        callback_data = callback_data.model_copy(update={"a": CONFIRMED[callback_data.a]})
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    refusal = _precheck(ticket, callback_data, ctx)
    if refusal is not None:
        await refuse_alert(callback, ctx.i18n, refusal)
        return
    await state.set_state(WorkInput.words)
    await state.set_data(
        {
            "purpose": callback_data.a,
            "ticket_id": ticket.id,
            "stage": callback_data.s,
            "target": callback_data.x,
            "texts": [],
            "files": [],
        }
    )
    await callback.answer()
    if isinstance(callback.message, Message):
        is_report = callback_data.a == "finish"
        markup = (
            done_keyboard(ctx.i18n, ticket.id)
            if is_report
            else cancel_keyboard(ctx.i18n, ticket.id)
        )
        prompt = ctx.i18n(f"work-prompt-{callback_data.a}", number=ticket.number)
        await callback.message.answer(prompt, reply_markup=markup)


async def on_view(callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext) -> None:
    ticket = await ticket_or_refuse(callback, ctx, callback_data.t)
    if ticket is None:
        return
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if callback_data.a == "history":
        for chunk in await history_chunks(ctx.session, ctx.i18n, ctx.settings, ticket):
            await callback.message.answer(chunk)
    else:
        await show_card(callback.message, ctx, ticket)
