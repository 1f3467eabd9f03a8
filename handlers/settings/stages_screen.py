"""The /stages screen: the current stages and what can be done with them."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.i18n import Translator
from bot.views.callbacks import StagesCb
from bot.views.durations import format_limit
from services.tickets.definitions import current_workflow, workflow_of
from services.workflow import Workflow


def stage_buttons(i18n: Translator, *actions: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in actions:
        builder.button(
            text=i18n.plain(f"work-stages-{action}"), callback_data=StagesCb(action=action)
        )
    builder.adjust(1)
    return builder.as_markup()


def _stage_lines(i18n: Translator, flow: Workflow) -> list[str]:
    lines = []
    for stage in flow.ordered():
        limit = stage.time_limit
        lines.append(
            i18n(
                "work-stages-line",
                name=stage.name,
                required="yes" if stage.required else "no",
                terminal="yes" if stage.terminal else "no",
                has_limit="yes" if limit else "no",
                limit=format_limit(i18n, limit.minutes) if limit else "",
            )
        )
    return lines


async def show_stages(message: Message, ctx: RequestContext) -> None:
    flow = workflow_of(await current_workflow(ctx.session))
    text = "\n".join([ctx.i18n("work-stages-title"), *_stage_lines(ctx.i18n, flow)])
    await message.answer(text, reply_markup=stage_buttons(ctx.i18n, "edit", "download", "upload"))
