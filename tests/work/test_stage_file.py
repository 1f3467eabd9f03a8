"""/stages round trip through the fake Bot API: download the .xlsx, upload it edited, see
the preview, publish a new version (open tickets keep theirs); a file with errors is
answered with row and column; removing a stage that open tickets are in is refused."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select, update

from db.models import Role, Ticket, WorkflowVersion
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, ticket_row


async def _versions(bot: BotHarness) -> list[WorkflowVersion]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(WorkflowVersion).order_by(WorkflowVersion.id)))


def _sheet(content: bytes) -> tuple[Any, Any, dict[str, int], dict[str, int]]:
    """The workbook, its sheet, header label -> column and stage key -> row."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Код")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1)}
    return book, sheet, columns, rows


def _bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _upload(manager: FakeUser, name: str, content: bytes) -> None:
    await manager.send("/stages")
    await manager.press("📤 Загрузить изменённый файл", await manager.expect("Этапы заявок"))
    await manager.expect("Пришлите файл этапов (.xlsx)")
    await manager.upload(name, content)


async def test_stage_file_round_trip(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
    open_ticket = await create_ticket(bot, author_id)
    paused = await create_ticket(bot, author_id)
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id == paused).values(stage_key="awaiting_info")
        )
    before = await _versions(bot)
    manager = FakeUser(fake_api, 201, "Р")

    await manager.send("/stages")
    screen = await manager.expect("Этапы заявок")
    assert "• В работе · обязательный · 8 ч" in screen.text
    await manager.press("📥 Скачать .xlsx", screen)
    sent = await manager.expect("Измените файл и пришлите его обратно")
    assert sent.document is not None
    assert sent.document.filename == "stages.xlsx"
    original = sent.document.content

    # 1. Errors: answered with the row and the column, nothing applied.
    book, sheet, columns, rows = _sheet(original)
    sheet.cell(rows["in_progress"], columns["Лимит, мин"], "abc")
    await _upload(manager, "stages.xlsx", _bytes(book))
    errors = await manager.expect("В файле есть ошибки, ничего не изменено")
    assert f"Строка {rows['in_progress']}, «Лимит, мин»: «abc»" in errors.text
    assert "✅ Опубликовать" not in errors.buttons

    # 2. Removing a stage an open ticket is in: the preview shows it, publishing is refused.
    book, sheet, columns, rows = _sheet(original)
    sheet.cell(rows["in_progress"], columns["Следующие этапы"], "awaiting_confirmation; rejected")
    sheet.delete_rows(rows["awaiting_info"])
    await manager.upload("stages.xlsx", _bytes(book))  # still waiting for a file
    preview = await manager.expect("Изменения после публикации")
    assert "Удалён этап «Ожидает информации» (awaiting_info)" in preview.text
    await manager.press("✅ Опубликовать", preview)
    refused = await manager.expect("Публикация отменена")
    assert "этап «awaiting_info» удаляется, а на нём открытых заявок: 1" in refused.text
    assert [v.id for v in await _versions(bot)] == [v.id for v in before]

    # 3. A good edit: preview, publish, a new current version; open tickets keep theirs.
    book, sheet, columns, rows = _sheet(original)
    sheet.cell(rows["in_progress"], columns["Название"], "В процессе")
    sheet.cell(rows["in_progress"], columns["Лимит, мин"], 600)
    await manager.upload("stages.xlsx", _bytes(book))
    preview = await manager.expect("Изменения после публикации")
    assert "«В процессе»: название «В работе» → «В процессе»" in preview.text
    assert "«В процессе»: лимит, мин 480 → 600" in preview.text
    await manager.press("✅ Опубликовать", preview)
    published = await manager.expect("Новая схема этапов опубликована")
    after = await _versions(bot)
    assert len(after) == len(before) + 1
    assert f"версия {after[-1].id}" in published.text
    assert [v.id for v in after if v.is_current] == [after[-1].id]
    stage = next(s for s in after[-1].definition["stages"] if s["key"] == "in_progress")
    assert (stage["name"], stage["time_limit"]["minutes"]) == ("В процессе", 600)
    for ticket_id in (open_ticket, paused):
        assert (await ticket_row(bot, ticket_id)).workflow_version_id == before[-1].id
    await manager.send("/stages")
    assert "• В процессе · " in (await manager.expect("Этапы")).text
