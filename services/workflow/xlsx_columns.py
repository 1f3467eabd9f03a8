"""Columns of the stage-set spreadsheet and the words accepted in its cells.

These are documented data constants: the Russian header labels are what the
file shows by default (callers may pass their own), and the word tables let
managers type "да" or "рабочее" instead of codes. The importer recognises a
column by its label, given or default, or by its id (e.g. ``limit_minutes``).
"""

from __future__ import annotations

from types import MappingProxyType

from services.workflow.stages import LimitMode, Outcome

COLUMN_IDS: tuple[str, ...] = (
    "key",
    "name",
    "order",
    "required",
    "next_stages",
    "outcome",
    "needs_assignee",
    "needs_report",
    "needs_confirmation",
    "limit_minutes",
    "limit_mode",
    "pauses_clock",
    "reopen_to",
    "skip_for_categories",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("key", "name")

DEFAULT_HEADERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "key": "Код",
        "name": "Название",
        "order": "Порядок",
        "required": "Обязательный",
        "next_stages": "Следующие этапы",
        "outcome": "Итог",
        "needs_assignee": "Нужен исполнитель",
        "needs_report": "Нужен отчёт",
        "needs_confirmation": "Нужно подтверждение автора",
        "limit_minutes": "Лимит, мин",
        "limit_mode": "Режим лимита",
        "pauses_clock": "Останавливает часы",
        "reopen_to": "Этап при переоткрытии",
        "skip_for_categories": "Пропуск для категорий",
    }
)

SHEET_TITLE = "Этапы"
LIST_SEPARATOR = ";"

TRUE_WORDS = frozenset({"1", "+", "y", "yes", "true", "да", "д", "истина"})
FALSE_WORDS = frozenset({"0", "-", "n", "no", "false", "нет", "н", "ложь"})

OUTCOME_WORDS: MappingProxyType[str, Outcome] = MappingProxyType(
    {
        **{o.value: o for o in Outcome},
        "выполнена": Outcome.DONE,
        "закрыта": Outcome.DONE,
        "отклонена": Outcome.REJECTED,
        "передана": Outcome.TRANSFERRED,
    }
)
LIMIT_MODE_WORDS: MappingProxyType[str, LimitMode] = MappingProxyType(
    {
        **{m.value: m for m in LimitMode},
        "рабочее": LimitMode.WORKING,
        "календарное": LimitMode.CALENDAR,
    }
)
