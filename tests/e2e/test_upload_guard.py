"""Manager uploads (/stages, the ticket-field file) go through the upload guard: a zip bomb
is refused with a clear message and changes nothing; while a file is being parsed, other
people are answered."""

from __future__ import annotations

import asyncio
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import FieldSetVersion, Role, WorkflowVersion
from services.fields import load_default_field_set
from services.fields import xlsx_import as fields_import
from services.fields.xlsx_export import export_field_set_xlsx
from services.workflow import export_workflow_xlsx, load_default_workflow
from services.workflow import xlsx_import as workflow_import
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person
from tests.upload_helpers import bomb_of, gated


async def _versions(bot: BotHarness, model: Any) -> list[tuple[int, str, bool]]:
    async with bot.session_factory() as session:
        rows = await session.scalars(select(model).order_by(model.id))
        return [(row.id, row.version, row.is_current) for row in rows]


async def _open_stage_upload(manager: FakeUser) -> None:
    await manager.send("/stages")
    await manager.press("📤 Загрузить изменённый файл", await manager.expect("Этапы заявок"))
    await manager.expect("Пришлите файл этапов (.xlsx)")


async def _open_fields(boss: FakeUser) -> None:
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")


async def test_stage_file_bomb_is_refused_and_changes_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 201, Role.MANAGER)
    manager = FakeUser(fake_api, 201, "Руководов")
    await _open_stage_upload(manager)
    before = await _versions(bot, WorkflowVersion)
    bomb = bomb_of(export_workflow_xlsx(load_default_workflow()))
    assert len(bomb) < 100 * 1024

    await manager.upload("stages.xlsx", bomb)
    refused = await manager.expect("подозрительно сильно сжат")
    assert "В файле есть ошибки, ничего не изменено" in refused.text
    assert refused.buttons == []  # nothing to publish
    assert await _versions(bot, WorkflowVersion) == before

    # Still waiting for a file: a good one goes through.
    await manager.upload("stages.xlsx", export_workflow_xlsx(load_default_workflow()))
    await manager.expect("Изменения после публикации")


async def test_field_file_bomb_is_refused_and_changes_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await _open_fields(boss)
    await boss.send("/cancel")  # the field set exists now; compare against it
    await boss.expect("Действие отменено")
    await _open_fields(boss)
    before = await _versions(bot, FieldSetVersion)
    assert len(before) == 1

    bomb = bomb_of(export_field_set_xlsx(load_default_field_set()))
    await boss.upload("fields.xlsx", bomb)
    refused = await boss.expect("подозрительно сильно сжат")
    assert "В файле ошибки (1), ничего не изменено" in refused.text
    assert "✅ Применить" not in refused.buttons
    assert await _versions(bot, FieldSetVersion) == before


async def _answered_meanwhile(
    fake_api: FakeBotAPI, uploader: FakeUser, upload: Any, gate: Path, result: str
) -> None:
    """Upload; once the worker is parsing, another person's /help must be answered before
    the parse is let go and before the uploader hears anything."""
    other = FakeUser(fake_api, 555, "Посетитель")
    seen = len(uploader.messages)
    await upload()
    deadline = time.monotonic() + 20
    while not (gate / "started").exists():
        assert time.monotonic() < deadline, "the parse never started"
        await asyncio.sleep(0.02)
    await other.send("/help")
    answer: BotMessage = await other.expect("Это служба заявок", timeout=15)
    assert answer.text
    assert len(uploader.messages) == seen  # the upload is still being parsed
    (gate / "release").touch()
    await uploader.expect(result, timeout=20)


async def test_others_are_answered_while_a_stage_file_is_parsed(
    fake_api: FakeBotAPI, bot: BotHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        workflow_import,
        "import_workflow_xlsx",
        partial(
            gated, gate=str(tmp_path), job="services.workflow.xlsx_import:import_workflow_xlsx"
        ),
    )
    await add_person(bot, 201, Role.MANAGER)
    manager = FakeUser(fake_api, 201, "Руководов")
    await _open_stage_upload(manager)
    content = export_workflow_xlsx(load_default_workflow())
    await _answered_meanwhile(
        fake_api,
        manager,
        lambda: manager.upload("stages.xlsx", content),
        tmp_path,
        "Изменения после публикации",
    )


async def test_others_are_answered_while_a_field_file_is_parsed(
    fake_api: FakeBotAPI, bot: BotHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        fields_import,
        "read_field_set_xlsx",
        partial(gated, gate=str(tmp_path), job="services.fields.xlsx_import:read_field_set_xlsx"),
    )
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await _open_fields(boss)
    content = export_field_set_xlsx(load_default_field_set())
    await _answered_meanwhile(
        fake_api,
        boss,
        lambda: boss.upload("fields.xlsx", content),
        tmp_path,
        "Изменения из файла",
    )
