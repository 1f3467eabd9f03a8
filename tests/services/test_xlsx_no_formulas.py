"""No exported workbook holds a formula: text that starts like one is written as text."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.i18n import get_translator
from services.fields import export_field_set_xlsx, field_set_from_config, read_field_set_xlsx
from services.reports.export import export_tickets_xlsx
from services.reports.period import dates_period
from services.workflow import export_workflow_xlsx, import_workflow_xlsx, load_default_workflow
from services.workflow.model import Workflow
from services.workflow.stages import StageDefinition
from tests.deadlines.helpers import make_world
from tests.reports.dataset import build

HYPERLINK = '=HYPERLINK("http://evil.example","Открыть")'
MSK = ZoneInfo("Europe/Moscow")


def _cells(content: bytes, sheet: str | None = None) -> dict[str, object]:
    book = load_workbook(io.BytesIO(content))
    chosen = book[sheet] if sheet else book.worksheets[0]
    return {
        cell.coordinate: cell
        for row in chosen.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _by_value(content: bytes, value: str):
    return next(cell for cell in _cells(content).values() if cell.value == value)  # type: ignore[attr-defined]


def test_field_set_export_writes_labels_and_hints_as_text() -> None:
    fields = field_set_from_config(
        [
            {"key": "sum", "label": "=1+1", "type": "text", "hint": HYPERLINK},
            {"key": "note", "label": "@заметка", "type": "long_text", "hint": "-минус"},
        ]
    )
    content = export_field_set_xlsx(fields, get_translator("ru").plain_msg)
    for text in ("=1+1", HYPERLINK, "@заметка", "-минус"):
        cell = _by_value(content, text)
        assert (cell.value, cell.data_type) == (text, "s")
        assert cell.quotePrefix  # Excel shows it as typed and keeps it text when edited
    assert all(c.data_type != "f" for c in _cells(content).values())  # type: ignore[attr-defined]
    assert read_field_set_xlsx(content) == fields  # and the round trip keeps the text


def test_stage_export_writes_a_name_starting_with_equals_as_text() -> None:
    flow = load_default_workflow()
    first = flow.ordered()[0]
    renamed = StageDefinition.model_validate({**first.model_dump(), "name": "=СУММ(A1:A9)"})
    flow = Workflow(tuple(renamed if s.key == first.key else s for s in flow.stages), flow.initial)
    content = export_workflow_xlsx(flow)
    cell = _by_value(content, "=СУММ(A1:A9)")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    imported = import_workflow_xlsx(content, initial=flow.initial)
    assert imported.workflow is not None
    assert imported.workflow.stage(first.key).name == "=СУММ(A1:A9)"


async def test_ticket_export_row_writes_formula_like_text_as_text(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    nasty = ["=1+1", "+7 921 555-01-01", "-2+3", "@SUM(A1)"]
    for subject in nasty:
        await world.create(subject)
    async with world.factory() as session:
        content = await export_tickets_xlsx(
            session,
            dates_period(date(2026, 11, 23), date(2026, 11, 23), MSK),
            get_translator("ru"),
            MSK,
        )
    for text in nasty:
        cell = _by_value(content, text)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    await world.engine.dispose()
