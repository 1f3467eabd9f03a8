"""``python -m bot import-executors FILE [--dry-run]``: preview, apply, exit codes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.cli import main
from db.models import Person
from tests.staff.conftest import HEADER, SAMPLE, xlsx


def _people(url: str) -> list[tuple[str, str | None, bool]]:
    async def read() -> list[tuple[str, str | None, bool]]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(
                    select(Person.last_name, Person.position, Person.is_active).order_by(Person.id)
                )
                return [tuple(row) for row in rows]  # type: ignore[misc]
        finally:
            await engine.dispose()

    return asyncio.run(read())


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("HELPDESK_DATABASE__URL", url)
    return url


def test_dry_run_prints_the_preview_and_writes_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-executors", str(SAMPLE), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Проверка файла «executors.xlsx»" in out
    assert "Будет добавлено: 30" in out
    assert "<b>" not in out  # plain text on the console
    assert "ничего не записано" in out
    assert _people(db_url) == []


def test_import_applies_then_reimport_changes_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-executors", str(SAMPLE)]) == 0
    assert "Добавлено: 30, обновлено: 0, отключено: 0" in capsys.readouterr().out
    assert len(_people(db_url)) == 30
    assert main(["import-executors", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Без изменений: 30" in out
    assert "Добавлено: 0, обновлено: 0" in out

    smaller = tmp_path / "smaller.xlsx"
    smaller.write_bytes(
        xlsx([HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"], [2, "Х1", "", "", ""]])
    )
    assert main(["import-executors", str(smaller), "--deactivate-missing"]) == 0
    out = capsys.readouterr().out
    assert "Строка 3:" in out
    assert "отключено: 29" in out
    active = [p for p in _people(db_url) if p[2]]
    assert active == [("Иванов", "Инженер", True)]


def test_bad_file_and_missing_file_exit_2(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("Фамилия;Имя\nИванов;Иван\n", encoding="utf-8")
    assert main(["import-executors", str(bad)]) == 2
    assert "текстовый файл (CSV)" in capsys.readouterr().err
    assert main(["import-executors", str(tmp_path / "nope.xlsx")]) == 2
    assert "Не удалось открыть файл" in capsys.readouterr().err
    assert _people(db_url) == []
