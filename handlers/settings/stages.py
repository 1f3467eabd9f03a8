"""Managers edit the stages: see them, download the .xlsx, upload it edited, check the
validated preview of differences, publish (a new version; open tickets keep theirs)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode

from bot.context import RequestContext
from bot.filters import HasRole
from bot.i18n import Markup, Translator
from bot.views.callbacks import MenuCb, StagesCb
from db.models import MANAGING_ROLES
from handlers.settings.stage_edit import StageEditSG, create_dialog
from handlers.settings.stages_screen import show_stages, stage_buttons
from services.tickets.definitions import current_workflow, workflow_of
from services.work.publishing import publish
from services.workflow import (
    ImportProblem,
    diff_messages,
    diff_workflows,
    export_workflow_xlsx,
    read_workflow_upload,
    workflow_from_config,
    workflow_to_config,
)
from services.workflow.xlsx_columns import DEFAULT_HEADERS
from services.xlsx_guard import SMALL_FILE

MAX_SHOWN = 30


class StageUpload(StatesGroup):
    file = State()


def create_router() -> Router:
    router = Router(name="stage-settings")
    for observer in (router.message, router.callback_query):
        observer.filter(HasRole(*MANAGING_ROLES))
    router.message.register(show_stages, Command("stages"))
    router.callback_query.register(show_stages_menu, MenuCb.filter(F.item == "stages"))
    router.callback_query.register(download, StagesCb.filter(F.action == "download"))
    router.callback_query.register(ask_upload, StagesCb.filter(F.action == "upload"))
    router.callback_query.register(publish_pending, StagesCb.filter(F.action == "publish"))
    router.callback_query.register(discard, StagesCb.filter(F.action == "discard"))
    router.callback_query.register(start_editing, StagesCb.filter(F.action == "edit"))
    router.include_router(create_dialog())
    router.message.register(receive_file, StateFilter(StageUpload.file), F.document)
    router.message.register(expect_file, StateFilter(StageUpload.file))
    return router


async def show_stages_menu(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await show_stages(callback.message, ctx)


async def start_editing(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await dialog_manager.start(StageEditSG.pick, mode=StartMode.RESET_STACK)


async def download(callback: CallbackQuery, ctx: RequestContext) -> None:
    flow = workflow_of(await current_workflow(ctx.session))
    await callback.answer()
    if isinstance(callback.message, Message):
        data = export_workflow_xlsx(flow)
        await callback.message.answer_document(
            BufferedInputFile(data, "stages.xlsx"), caption=ctx.i18n("work-stages-download-hint")
        )


async def ask_upload(callback: CallbackQuery, i18n: Translator, state: FSMContext) -> None:
    await state.set_state(StageUpload.file)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(i18n("work-stages-send-file"))


async def expect_file(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("work-stages-send-file"))


async def receive_file(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    document = message.document
    assert document is not None
    if (document.file_size or 0) > SMALL_FILE.max_bytes:
        await message.answer(ctx.i18n("work-stages-too-big"))
        return
    current = workflow_of(await current_workflow(ctx.session))
    # The download commits what was read so far; the parse then holds no transaction, so
    # nobody waits for the database while it runs (in a worker process).
    buffer = await ctx.bot.download(document.file_id)
    data = buffer.read() if buffer else b""
    result = await read_workflow_upload(data, document.file_name, initial=current.initial)
    if result.workflow is None:
        lines = [ctx.i18n("work-stages-errors")]
        lines += [f"• {_problem_line(ctx.i18n, p)}" for p in result.problems[:MAX_SHOWN]]
        await message.answer("\n".join(lines))
        return
    changes = diff_messages(diff_workflows(current, result.workflow), current, result.workflow)
    lines = [ctx.i18n("work-stages-preview")] + [
        f"• {ctx.i18n.msg(m)}" for m in changes[:MAX_SHOWN]
    ]
    await state.update_data(pending_workflow=workflow_to_config(result.workflow))
    await message.answer(
        "\n".join(lines), reply_markup=stage_buttons(ctx.i18n, "publish", "discard")
    )


def _problem_line(i18n: Translator, problem: ImportProblem) -> str:
    """The problem with its row and column (cell errors already name them)."""
    reason = i18n.msg(problem.reason)
    if problem.row is None or "row" in problem.reason.args:
        return reason
    column = DEFAULT_HEADERS.get(problem.column or "", "none")
    return i18n("work-stages-error-at", row=problem.row, column=column, reason=Markup(reason))


async def publish_pending(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    pending = (await state.get_data()).get("pending_workflow")
    if not pending:
        await callback.answer(ctx.i18n.plain("work-stages-nothing"), show_alert=True)
        return
    flow = workflow_from_config(pending["stages"], pending.get("initial"))
    result = await publish(ctx.session, flow, ctx.member.id)
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if isinstance(result, list):
        lines = [ctx.i18n("work-stages-refused")] + [f"• {ctx.i18n.msg(m)}" for m in result]
        await callback.message.answer("\n".join(lines))
        return
    await state.clear()
    await callback.message.edit_text(ctx.i18n("work-stages-published", version=result.id))


async def discard(callback: CallbackQuery, i18n: Translator, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(i18n("work-stages-discarded"))
