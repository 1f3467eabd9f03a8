"""Words for a workflow action: a report (text, photos, files, then "Done"), a question,
an answer, a reason, a department, a comment. The ticket is re-checked when it is applied."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.context import RequestContext
from bot.filters import IsKnown
from bot.i18n import Translator
from bot.views.callbacks import WorkCb
from bot.views.work_buttons import actor_of, done_keyboard
from db.models import Ticket
from handlers.work.loading import show_card
from services.messages import Msg
from services.tickets import rights
from services.visible_text import trim
from services.work.actions import ReportFile, answer_question, comment, perform
from services.work.taking import refuse


class WorkInput(StatesGroup):
    words = State()


def create_router() -> Router:
    router = Router(name="work-input")
    router.message.filter(IsKnown(), StateFilter(WorkInput.words))
    router.callback_query.filter(IsKnown())
    router.callback_query.register(on_done, WorkCb.filter(F.a == "done"))
    router.callback_query.register(on_cancel, WorkCb.filter(F.a == "cancel"))
    router.message.register(on_words)
    return router


def _file_of(message: Message) -> ReportFile | None:
    if message.photo:
        best = message.photo[-1]
        return ReportFile("photo", best.file_id, best.file_unique_id)
    if message.document:
        doc = message.document
        return ReportFile("document", doc.file_id, doc.file_unique_id, doc.file_name)
    return None


async def on_words(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    data = await state.get_data()
    text = trim(message.text or message.caption or "")
    file = _file_of(message)
    if data.get("purpose") == "finish":
        if file is not None:
            data["files"].append([file.kind, file.file_id, file.file_unique_id, file.name])
        if text:
            data["texts"].append(text)
        if file is None and not text:
            await message.answer(ctx.i18n("work-report-expects"))
            return
        await state.set_data(data)
        await message.answer(
            ctx.i18n("work-report-added", files=len(data["files"])),
            reply_markup=done_keyboard(ctx.i18n, int(data["ticket_id"])),
        )
        return
    if not message.text or not text:
        await message.answer(ctx.i18n("work-text-expected"))
        return
    # Kept whole, as comments are: the notices that carry it are split into messages.
    await _apply(message, ctx, state, data, text)


async def _apply(
    message: Message, ctx: RequestContext, state: FSMContext, data: dict[str, Any], text: str
) -> None:
    ticket = await ctx.session.get(Ticket, int(data["ticket_id"]))
    await state.clear()
    # Rights are re-checked: they may have changed since the button was pressed.
    if ticket is None or not rights.can_view(ticket, ctx.member.id, ctx.roles):
        await message.answer(ctx.i18n.msg(rights.NOT_AVAILABLE))
        return
    purpose, stage = data["purpose"], data["stage"]
    refusal: Msg | None = None
    work = ctx.work
    if purpose == "comment":
        await comment(work, ticket, ctx.member, text)
    elif purpose == "refuse":
        refusal = await refuse(work, ticket, ctx.member, stage, text)
    elif purpose == "answer":
        refusal = await answer_question(work, ticket, ctx.member, stage, text)
    else:
        files = [ReportFile(*f) for f in data.get("files", [])]
        refusal = await perform(
            work,
            ticket,
            data["target"],
            actor_of(ctx.member, ctx.roles),
            expected_stage=stage,
            text=text,
            files=files,
        )
    if refusal is not None:
        await message.answer(ctx.i18n.msg(refusal))
        return
    await message.answer(ctx.i18n(f"work-applied-{purpose}", number=ticket.number))
    await show_card(message, ctx, ticket)


async def on_done(
    callback: CallbackQuery, callback_data: WorkCb, ctx: RequestContext, state: FSMContext
) -> None:
    data = await state.get_data()
    if data.get("purpose") != "finish" or data.get("ticket_id") != callback_data.t:
        await callback.answer(ctx.i18n.plain("work-nothing-to-finish"), show_alert=True)
        return
    if not data["texts"]:
        await callback.answer(ctx.i18n.plain("work-report-needs-text"), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        text = "\n".join(data["texts"])
        await _apply(
            callback.message,
            ctx,
            state,
            data,
            text,
        )


async def on_cancel(callback: CallbackQuery, i18n: Translator, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(i18n("work-input-cancelled"))
