"""Helpers of the subject request tests: every string in the database, the admin's steps."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from db.base import Base
from tests.fakes.users import FakeUser
from tests.harness import BotHarness


def leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, bytes | memoryview):
        yield from binary(bytes(value))


def binary(content: bytes) -> Iterator[str]:
    """Text in stored files, zip archives (and the .xlsx inside them) opened."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                yield from binary(archive.read(name))
    else:
        yield content.decode("utf-8", "ignore")


async def dump(bot: BotHarness) -> list[tuple[str, str, str]]:
    """(table, column, string) for every string stored anywhere."""
    found: list[tuple[str, str, str]] = []
    async with bot.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    found.extend((table.name, column.name, leaf) for leaf in leaves(value))
    return found


async def find(admin: FakeUser, query: str, expect: str) -> None:
    await admin.send("/subject")
    await admin.expect("Запрос субъекта персональных данных")
    await admin.send(query)
    await admin.expect(expect)


async def export(admin: FakeUser, *, photo: bool = True) -> set[str]:
    """Every cell of the exported workbook, and checks the archive's files."""
    await admin.press("⬇️ Выгрузить всё (.zip)")
    message = await admin.expect("Выгрузка данных субъекта")
    assert message.document is not None
    assert message.document.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(message.document.content)) as archive:
        names = archive.namelist()
        photos = [archive.read(n) for n in names if n.startswith("files/")]
        assert (b"\xff\xd8jpeg" in photos) is photo, names
        workbook = load_workbook(io.BytesIO(archive.read("data.xlsx")), read_only=True)
    cells = {
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    workbook.close()
    return cells
