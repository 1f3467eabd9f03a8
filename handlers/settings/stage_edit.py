"""Editing one stage in the bot (from /stages): name, time limit and its mode, required.

Each change is checked at once (``services.work.stage_editing``: the same validation as
a stage file) and the card shows the same preview of differences; "apply" publishes
a new workflow version. The rules live in the service; this module only talks.
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import request_context
from bot.i18n import Translator
from bot.views.dialog_text import Tr, TrPlain
from bot.views.durations import format_limit
from db.models import MANAGING_ROLES
from handlers.settings.stages_screen import show_stages
from services.messages import Msg
from services.tickets.definitions import current_workflow, workflow_of
from services.work.stage_editing import (
    StageEdits,
    check_edit,
    parse_minutes,
    parse_name,
    preview,
    publish_edits,
)
from services.workflow import LimitMode, Workflow

ALLOWED = MANAGING_ROLES


class StageEditSG(StatesGroup):
    pick = State()
    stage = State()
    name = State()
    minutes = State()


def _i18n(manager: DialogManager) -> Translator:
    return request_context(manager).i18n


async def _flow(manager: DialogManager) -> tuple[int, Workflow]:
    row = await current_workflow(request_context(manager).session)
    return row.id, workflow_of(row)


def _edits(manager: DialogManager) -> StageEdits:
    return StageEdits(**manager.dialog_data.get("edits", {}))


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    _version, flow = await _flow(dialog_manager)
    return {"stages": [(s.key, s.name) for s in flow.ordered()]}


async def stage_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = _i18n(dialog_manager)
    _version, flow = await _flow(dialog_manager)
    key = str(dialog_manager.dialog_data.get("key", ""))
    edits = _edits(dialog_manager)
    lines, can_apply = preview(flow, key, edits)
    stage = flow.get(key)
    limit = stage.time_limit if stage is not None else None
    minutes = edits.get("minutes", limit.minutes if limit else None)
    mode = edits.get("mode") or (limit.mode.value if limit else "none")
    required = edits.get("required", stage.required if stage is not None else True)
    card = i18n(
        "work-stage-edit-card",
        name=edits.get("name") or (stage.name if stage is not None else ""),
        minutes=minutes or 0,
        limit=format_limit(i18n, minutes) if minutes else "",
        mode=mode if minutes else "none",
        required="yes" if required else "no",
    )
    shown = [f"• {_change_line(i18n, m)}" for m in lines]
    header = "work-stage-edit-preview" if can_apply else "work-stage-edit-no-changes"
    return {
        "card": card,
        "changes": "\n".join([i18n(header), *shown]),
        "can_apply": can_apply,
        "has_limit": bool(minutes),
        "mode": mode,
        "required": "yes" if required else "no",
    }


def _change_line(i18n: Translator, line: Msg) -> str:
    """The preview's limit change in people's words («8 ч → 10 ч»), not minutes."""
    if line.key != "wf-diff-changed-limit-minutes":
        return i18n.msg(line)

    def shown(value: object) -> str:
        text = str(value)
        return (
            format_limit(i18n, int(text))
            if text.isdigit() and int(text)
            else i18n.plain("stage-limit-none")
        )

    args = line.args
    return i18n(
        "stage-edit-diff-limit",
        stage=str(args.get("stage", "")),
        old=shown(args.get("old")),
        new=shown(args.get("new")),
    )


async def on_pick(_c: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    version, _ = await _flow(manager)
    manager.dialog_data.update(key=key, edits={}, version=version)
    await manager.switch_to(StageEditSG.stage)


async def _change(manager: DialogManager, change: StageEdits) -> list[Msg]:
    """Keep ``change`` if the workflow stays valid; otherwise the problems, nothing kept."""
    _, flow = await _flow(manager)
    edits = _edits(manager)
    problems = check_edit(flow, str(manager.dialog_data["key"]), edits, change)
    if not problems:
        manager.dialog_data["edits"] = {**edits, **change}
    return problems


async def _alert(callback: CallbackQuery, manager: DialogManager, problems: list[Msg]) -> None:
    i18n = _i18n(manager)
    if problems:
        text = "\n".join(i18n.plain_msg(m) for m in problems)
        await callback.answer(text[:190], show_alert=True)
    else:
        await callback.answer()


async def on_toggle_required(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    _, flow = await _flow(manager)
    stage = flow.get(str(manager.dialog_data["key"]))
    current = _edits(manager).get("required", stage.required if stage else True)
    await _alert(callback, manager, await _change(manager, StageEdits(required=not current)))


async def on_toggle_mode(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    _, flow = await _flow(manager)
    stage = flow.get(str(manager.dialog_data["key"]))
    limit = stage.time_limit if stage else None
    current = _edits(manager).get("mode") or (limit.mode.value if limit else LimitMode.WORKING)
    new = LimitMode.CALENDAR if current == LimitMode.WORKING else LimitMode.WORKING
    await _alert(callback, manager, await _change(manager, StageEdits(mode=new.value)))


async def on_no_limit(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    problems = await _change(manager, StageEdits(minutes=None))
    await _alert(callback, manager, problems)
    if not problems:
        await manager.switch_to(StageEditSG.stage)


async def _typed(message: Message, manager: DialogManager, parsed: Any, field: str) -> None:
    i18n = _i18n(manager)
    manager.show_mode = ShowMode.SEND
    problems = [parsed] if isinstance(parsed, Msg) else await _change(manager, {field: parsed})  # type: ignore[misc]
    if problems:
        await message.answer("\n".join(i18n.msg(m) for m in problems))
        return
    await manager.switch_to(StageEditSG.stage)


async def on_name(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    await _typed(message, manager, parse_name(message.text or ""), "name")


async def on_minutes(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    await _typed(message, manager, parse_minutes(message.text or ""), "minutes")


async def on_apply(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    ctx = request_context(manager)
    # The dialogue outlives updates: check the role now, not when it was opened.
    if not ALLOWED & ctx.roles or ctx.person is None or not isinstance(callback.message, Message):
        await callback.answer(ctx.i18n.plain("no-rights"), show_alert=True)
        return
    key, version = str(manager.dialog_data["key"]), int(manager.dialog_data["version"])
    result = await publish_edits(ctx.session, version, key, _edits(manager), ctx.person.id)
    await callback.answer()
    if isinstance(result, list):
        lines = [ctx.i18n("work-stages-refused")] + [f"• {ctx.i18n.msg(m)}" for m in result]
        await callback.message.answer("\n".join(lines))
        manager.show_mode = ShowMode.SEND
        return
    await manager.done()
    await callback.message.answer(ctx.i18n("work-stages-published", version=result.id))


async def on_back_to_list(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.done()
    await callback.answer()
    if isinstance(callback.message, Message):
        await show_stages(callback.message, request_context(manager))


def _to_stage() -> SwitchTo:
    return SwitchTo(TrPlain("btn-back"), id="back_stage", state=StageEditSG.stage)


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("work-stage-edit-pick"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="stage",
                    item_id_getter=lambda item: item[0],
                    items="stages",
                    on_click=on_pick,
                )
            ),
            Row(
                Button(TrPlain("btn-back"), id="back_list", on_click=on_back_to_list),
                Cancel(TrPlain("btn-cancel")),
            ),
            state=StageEditSG.pick,
            getter=pick_getter,
        ),
        Window(
            Format("{card}\n\n{changes}"),
            SwitchTo(TrPlain("work-stage-edit-btn-name"), id="name", state=StageEditSG.name),
            SwitchTo(TrPlain("work-stage-edit-btn-limit"), id="limit", state=StageEditSG.minutes),
            Button(
                TrPlain("work-stage-edit-btn-mode"),
                id="mode",
                on_click=on_toggle_mode,
                when="has_limit",
            ),
            Button(TrPlain("work-stage-edit-btn-required"), id="req", on_click=on_toggle_required),
            Button(
                TrPlain("work-stage-edit-btn-apply"),
                id="apply",
                on_click=on_apply,
                when="can_apply",
            ),
            Row(
                SwitchTo(TrPlain("btn-back"), id="back_pick", state=StageEditSG.pick),
                Cancel(TrPlain("btn-cancel")),
            ),
            state=StageEditSG.stage,
            getter=stage_getter,
        ),
        Window(
            Tr("work-stage-edit-ask-name"),
            MessageInput(on_name, content_types=[ContentType.TEXT]),
            Row(_to_stage(), Cancel(TrPlain("btn-cancel"))),
            state=StageEditSG.name,
        ),
        Window(
            Tr("work-stage-edit-ask-minutes"),
            MessageInput(on_minutes, content_types=[ContentType.TEXT]),
            Button(TrPlain("work-stage-edit-btn-no-limit"), id="no_limit", on_click=on_no_limit),
            Row(_to_stage(), Cancel(TrPlain("btn-cancel"))),
            state=StageEditSG.minutes,
        ),
    )
