"""A manager asks for a report or an export with /report and the period picker."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from db.base import utcnow
from tests.deadlines.helpers import EXECUTOR_CHAT, MANAGER_CHAT, make_world
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness


async def test_manager_gets_report_and_export_for_today(
    fake_api: FakeBotAPI, bot: BotHarness, sqlite_url: str
) -> None:
    world = await make_world(sqlite_url)
    await world.create("=cmd|' /C calc'!A0", at=utcnow())
    manager = FakeUser(fake_api, MANAGER_CHAT, "Мария")

    await manager.send("/start")
    menu = await manager.expect("Руководитель")
    assert "📊 Отчёты" in menu.buttons
    await manager.press("📊 Отчёты", menu)
    picker = await manager.expect("выберите период")
    await manager.press("Сегодня", picker)
    summary = await manager.expect("Создано: 1, закрыто: 0")
    assert "Открыто на конец периода: 1" in summary.text

    def files_arrived() -> bool:
        return manager.messages[-1].photo is not None

    await fake_api.wait_for(files_arrived)
    document = manager.messages[-2].document
    assert document is not None
    assert load_workbook(io.BytesIO(document.content)).sheetnames[0] == "Сводка"
    assert manager.messages[-1].photo.content.startswith(b"\x89PNG")  # type: ignore[union-attr]

    await manager.send("/report")
    picker = await manager.expect("выберите период")
    await manager.press("📥 Выгрузка заявок", picker)
    picker = await manager.expect("Сейчас: выгрузка заявок")
    await manager.press("Сегодня", picker)
    await fake_api.wait_for(
        lambda: (
            (manager.messages[-1].document or None)
            and "tickets_" in manager.messages[-1].document.filename
        )
    )
    export = load_workbook(io.BytesIO(manager.messages[-1].document.content)).active  # type: ignore[union-attr]
    subject = export.cell(row=2, column=6)
    assert (subject.value, subject.data_type) == ("=cmd|' /C calc'!A0", "s")

    executor = FakeUser(fake_api, EXECUTOR_CHAT, "Иван")
    await executor.send("/report")
    answer = await executor.next_event()
    assert "Отчёт" not in answer.text
    await world.engine.dispose()
