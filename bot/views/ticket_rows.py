"""One line per ticket, as the queues and the personal lists show it: №, place, stage,
priority and the current stage's deadline."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.views.formatting import format_moment
from bot.views.long_text import shorten
from services.tickets.queues import QueueRow

ROW_LABEL_LIMIT = 40
ROW_TEXT_LIMIT = 60


def row_place(row: QueueRow) -> str:
    """Where the work is: the address, else the subject."""
    return row.address or row.subject or "—"


def row_line(i18n: Translator, row: QueueRow, tz: ZoneInfo) -> str:
    deadline = (
        i18n.plain("queues-deadline", at=format_moment(row.deadline_at, tz))
        if row.deadline_at is not None
        else i18n.plain("queues-no-deadline")
    )
    return i18n(
        "queues-row",
        overdue="yes" if row.overdue else "no",
        number=row.number,
        place=shorten(row_place(row), ROW_TEXT_LIMIT),
        stage=row.stage_name,
        priority=row.priority or i18n.plain("queues-no-value"),
        deadline=deadline,
    )


def row_button_label(i18n: Translator, row: QueueRow) -> str:
    return i18n.plain(
        "queues-row-button",
        overdue="yes" if row.overdue else "no",
        number=row.number,
        place=shorten(row_place(row), ROW_LABEL_LIMIT),
    )
