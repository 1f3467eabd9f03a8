"""The workbook, the chart and the ticket export, opened and checked cell by cell."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.i18n import get_translator
from services.reports.bundle import build_report
from services.reports.export import export_tickets_xlsx
from services.reports.period import dates_period
from tests.deadlines.helpers import make_world
from tests.reports.dataset import build

MSK = ZoneInfo("Europe/Moscow")
MONDAY = dates_period(date(2026, 11, 23), date(2026, 11, 23), MSK)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_report_workbook_has_a_sheet_per_table_and_a_chart(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    i18n = get_translator("ru")
    async with world.factory() as session:
        files = await build_report(session, MONDAY, i18n)
    book = load_workbook(io.BytesIO(files.xlsx))
    assert book.sheetnames == [
        "Сводка",
        "По категориям",
        "По приоритетам",
        "По этапам",
        "Исполнители",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert summary["Создано заявок"] == 3
    assert summary["Среднее время обработки, ч"] == 3.75  # 13500 s
    assert summary["Формула рейтинга исполнителя"].startswith("100 × (0,5")
    categories = list(book["По категориям"].iter_rows(values_only=True))
    assert categories[1:] == [("Сантехника", 1, 1, 0, 0), ("Электрика", 2, 1, 1, 1)]
    assert len(book["По категориям"]._charts) == 1
    stages = list(book["По этапам"].iter_rows(min_row=2, values_only=True))
    assert stages[0][0] == "Новая"
    assert stages[0][-1] == 0.5
    executors = list(book["Исполнители"].iter_rows(min_row=2, values_only=True))
    assert executors == [("Иванов Иван", 2, 1, 3.75, 3.5, 1, 1, 1, 75)]
    assert files.png.startswith(PNG_MAGIC)
    text = i18n.msg(files.message)
    assert "Создано: 3, закрыто: 2" in text
    assert "в среднем 3,8 ч" in text
    await world.engine.dispose()


async def test_export_writes_user_text_as_text_never_a_formula(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    await build(world)
    nasty = ['=HYPERLINK("http://evil","x")', "+7 921 555-01-01", "-2+3", "@SUM(A1)"]
    for subject in nasty:
        await world.create(subject)
    i18n = get_translator("ru")
    async with world.factory() as session:
        content = await export_tickets_xlsx(session, MONDAY, i18n, MSK)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 7
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    subject_column = header.index("Тема")
    cells = [row[subject_column] for row in rows]
    assert [c.value for c in cells[3:]] == nasty
    assert all(c.data_type == "s" for c in cells)
    assert {row[0].value for row in rows} == set(range(1, 8))
    assert "Электрика" in [cell.value for cell in rows[0]]
    await world.engine.dispose()
