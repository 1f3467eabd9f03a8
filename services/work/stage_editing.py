"""Editing one stage in the bot: name, time limit and its mode, required or optional.

The edits are plain data (``StageEdits``, kept in the dialogue between updates) laid
over the current workflow; the result passes the same validation (``Workflow``) and
the same preview (``diff_messages``) as an uploaded stage file, and is published by
``services.work.publishing.publish`` (which refuses to strand open tickets).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import WorkflowVersion
from services.messages import MessageArg, Msg
from services.tickets.definitions import current_workflow, workflow_of
from services.work.publishing import publish
from services.workflow import (
    LimitMode,
    StageDefinition,
    Workflow,
    WorkflowError,
    diff_messages,
    diff_workflows,
)

MIN_MINUTES = 1
MAX_DAYS = 60
MAX_MINUTES = MAX_DAYS * 24 * 60
MAX_NAME = 64

# Units a person may type (Russian first, English too); 1 д = 24 ч.
_UNITS: dict[str, int] = {
    **dict.fromkeys(("д", "дн", "день", "дня", "дней", "d", "day", "days"), 24 * 60),
    **dict.fromkeys(("ч", "час", "часа", "часов", "h", "hour", "hours"), 60),
    **dict.fromkeys(("м", "мин", "минута", "минуты", "минут", "min", "m", "minutes"), 1),
}
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+)\.?")


class StageEdits(TypedDict, total=False):
    """Pending changes of one stage; a missing key keeps the current value.

    ``minutes`` ``None`` removes the time limit.
    """

    name: str
    minutes: int | None
    mode: str
    required: bool


def parse_minutes(text: str) -> int | Msg:
    """A time limit typed by a person: «2 ч», «2ч», «1 д 4 ч», «90 мин», «1,5 ч» (each unit
    once, whole minutes in the end, from 1 minute to 60 days)."""
    cleaned = " ".join(text.lower().split())
    args: dict[str, MessageArg] = {"text": text.strip()[:40], "max_days": str(MAX_DAYS)}
    total, used, position = 0.0, set(), 0
    for match in _PART.finditer(cleaned):
        gap = cleaned[position : match.start()].strip()
        unit = _UNITS.get(match.group(2))
        if gap or unit is None or unit in used:
            return Msg("stage-limit-not-understood", args)
        used.add(unit)
        total += float(match.group(1).replace(",", ".")) * unit
        position = match.end()
    if not used or cleaned[position:].strip():
        return Msg("stage-limit-not-understood", args)
    if total != int(total):
        return Msg("stage-limit-whole-minutes", args)
    if not MIN_MINUTES <= total <= MAX_MINUTES:
        return Msg("stage-limit-range", args)
    return int(total)


def duration_parts(minutes: int) -> tuple[int, int, int]:
    """Days, hours and minutes of a limit, for showing it as «1 д 4 ч»."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return days, hours, mins


def parse_name(text: str) -> str | Msg:
    """A stage name typed by a person: 1..64 characters, one line."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME:
        return Msg("work-stage-edit-name-length", {"max": MAX_NAME})
    return name


def edited_stage(stage: StageDefinition, edits: StageEdits) -> StageDefinition | Msg:
    """``stage`` with ``edits`` laid over it, each field re-validated."""
    data: dict[str, Any] = stage.model_dump()
    if "name" in edits:
        data["name"] = edits["name"]
    if "required" in edits:
        data["required"] = edits["required"]
    limit: dict[str, Any] | None = data.get("time_limit")
    if "minutes" in edits:
        minutes = edits["minutes"]
        limit = None if minutes is None else {**(limit or {}), "minutes": minutes}
    if "mode" in edits and limit is not None:
        limit = {**limit, "mode": LimitMode(edits["mode"])}
    elif "mode" in edits and "minutes" not in edits:
        return Msg("work-stage-edit-mode-needs-limit")
    data["time_limit"] = limit
    try:
        return StageDefinition.model_validate(data)
    except ValidationError:
        return Msg("work-stage-edit-invalid")


def apply_edits(flow: Workflow, key: str, edits: StageEdits) -> Workflow | list[Msg]:
    """The workflow with one stage edited, or every problem (validation as for uploads)."""
    stage = flow.get(key)
    if stage is None:
        return [Msg("work-stage-edit-gone", {"stage": key})]
    changed = edited_stage(stage, edits)
    if isinstance(changed, Msg):
        return [changed]
    stages = tuple(changed if s.key == key else s for s in flow.stages)
    try:
        return Workflow(stages, flow.initial)
    except WorkflowError as error:
        return list(error.errors)


def preview(flow: Workflow, key: str, edits: StageEdits) -> tuple[list[Msg], bool]:
    """Lines to show for the pending edits and whether they may be applied."""
    edited = apply_edits(flow, key, edits)
    if isinstance(edited, list):
        return edited, False
    diff = diff_workflows(flow, edited)
    return diff_messages(diff, flow, edited), not diff.is_empty


def check_edit(flow: Workflow, key: str, edits: StageEdits, change: StageEdits) -> list[Msg]:
    """Problems ``change`` would add to the pending ``edits`` (empty: keep it)."""
    result = apply_edits(flow, key, StageEdits(**{**edits, **change}))
    return result if isinstance(result, list) else []


async def publish_edits(
    session: AsyncSession,
    base_version_id: int,
    key: str,
    edits: Mapping[str, Any],
    by_person_id: int | None,
) -> WorkflowVersion | list[Msg]:
    """Publish the edits made on version ``base_version_id``, or say why not.

    If someone published another version meanwhile, nothing is applied: the manager
    starts again from the stages as they are now.
    """
    row = await current_workflow(session)
    if row.id != base_version_id:
        return [Msg("work-stage-edit-outdated")]
    flow = workflow_of(row)
    edited = apply_edits(flow, key, StageEdits(**edits))  # type: ignore[typeddict-item]
    if isinstance(edited, list):
        return edited
    if diff_workflows(flow, edited).is_empty:
        return [Msg("wf-diff-none")]
    return await publish(session, edited, by_person_id)
