"""The ticket draft kept in aiogram-dialog's dialog data (JSON, so it survives restarts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import request_context
from bot.i18n import Translator
from db.models import FieldSetVersion
from services.fields import Draft, FieldDefinition, FieldSet
from services.messages import Msg
from services.tickets.fieldsets import current_fields

DRAFT = "draft"
ERROR = "error"
NOTE = "note"
PICKED_DATE = "picked_date"
PREFILL = "prefill"  # start data: values the draft begins with (a forwarded message)


class TicketSG(StatesGroup):
    field = State()
    summary = State()
    pick = State()
    cancel = State()  # "drop the filled draft?" asked before losing answers


@dataclass(frozen=True, slots=True)
class DraftContext:
    draft: Draft
    field_set: FieldSet
    row: FieldSetVersion
    session: AsyncSession
    i18n: Translator
    settings: Settings
    moved: bool = False  # the field being asked changed under the draft (e.g. retired)

    @property
    def field(self) -> FieldDefinition | None:
        return self.draft.field(self.field_set)

    @property
    def today(self) -> date:
        return datetime.now(self.settings.company.tz).date()


async def load(manager: DialogManager) -> DraftContext:
    """The draft synced with the current field set (a field may have been retired meanwhile)."""
    ctx = request_context(manager)
    row, field_set = await current_fields(ctx.session, ctx.settings.tickets.field_set)
    stored = manager.dialog_data.get(DRAFT)
    draft = Draft.from_dict(stored) if isinstance(stored, dict) else Draft.start(field_set)
    moved = False
    if draft.version != field_set.version:
        synced = draft.sync(field_set)
        moved = synced.current != draft.current
        draft = synced
        manager.dialog_data[DRAFT] = draft.to_dict()
    return DraftContext(draft, field_set, row, ctx.session, ctx.i18n, ctx.settings, moved)


def answered_fields(dialog_data: dict[str, Any]) -> int:
    """How many fields of the stored draft hold an answer (skipped ones do not count)."""
    stored = dialog_data.get(DRAFT)
    values = stored.get("values") if isinstance(stored, dict) else None
    if not isinstance(values, dict):
        return 0
    return sum(1 for value in values.values() if value not in (None, "", []))


def set_error(manager: DialogManager, msg: Msg | None) -> None:
    manager.dialog_data[ERROR] = None if msg is None else {"key": msg.key, "args": msg.args}


def get_msg(manager: DialogManager, name: str) -> Msg | None:
    stored: Any = manager.dialog_data.get(name)
    if not isinstance(stored, dict):
        return None
    return Msg(str(stored["key"]), dict(stored.get("args") or {}))


async def show(manager: DialogManager, draft: Draft) -> None:
    """Store the draft and show the field it asks, or the summary card."""
    previous = manager.dialog_data.get(DRAFT, {})
    if not isinstance(previous, dict) or previous.get("current") != draft.current:
        manager.dialog_data[PICKED_DATE] = None
        manager.dialog_data[NOTE] = None
    manager.dialog_data[DRAFT] = draft.to_dict()
    await manager.switch_to(TicketSG.summary if draft.at_summary else TicketSG.field)
