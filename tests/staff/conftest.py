"""Helpers for the staff feature's end-to-end tests: workbooks, users, uploads, DB reads."""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from db.models import Person, PersonRole, Role
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness

SAMPLE = Path("/work/shared/samples/executors.xlsx")
HEADER = ["№ пп", "Фамилия", "Имя", "Отчество", "Должность"]


def xlsx(rows: Sequence[Sequence[object] | None], title: str = "Лист1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values or (), start=1):
            if value is not None:
                sheet.cell(row=row_number, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


async def upload_sized(user: FakeUser, filename: str, content: bytes, file_size: int) -> None:
    """A document whose declared size differs from its content (Telegram reports the size)."""
    sent = user.api.new_file(filename, content)
    document = {
        "file_id": sent.file_id,
        "file_unique_id": sent.file_id,
        "file_name": filename,
        "file_size": file_size,
    }
    message = {
        "message_id": int(time.time() * 1000) % 1_000_000 + 2_000_000,
        "date": int(time.time()),
        "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
        "from": {"id": user.id, "is_bot": False, "first_name": user.first_name},
        "document": document,
    }
    await user.api.push_update({"message": message})


async def people(bot: BotHarness) -> list[Person]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(Person).order_by(Person.id)))


async def imported(bot: BotHarness) -> list[Person]:
    """People with a position (those from files; the admin's own record has none)."""
    return [p for p in await people(bot) if p.position]


async def add_person(
    bot: BotHarness,
    last: str,
    first: str,
    position: str,
    *,
    telegram_id: int | None = None,
    roles: Sequence[Role] = (),
    patronymic: str | None = None,
    phone: str | None = None,
) -> int:
    async with bot.session_factory() as session:
        person = Person(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            position=position,
            phone=phone,
            telegram_id=telegram_id,
            roles=[PersonRole(role=r.value) for r in roles],
        )
        session.add(person)
        await session.commit()
        return person.id


async def person(bot: BotHarness, person_id: int) -> Person:
    async with bot.session_factory() as session:
        found = await session.get(Person, person_id)
        assert found is not None
        return found


def user(api: FakeBotAPI, user_id: int, first: str, last: str | None = None) -> FakeUser:
    return FakeUser(api, user_id, first, last)


async def wait_button(person_user: FakeUser, label: str) -> BotMessage:
    """The newest message showing a button with ``label`` (waits for it)."""

    def ready() -> BotMessage | None:
        for message in reversed(person_user.messages):
            if label in message.buttons:
                return message
        return None

    try:
        return await person_user.api.wait_for(ready, 10)
    except TimeoutError:
        raise AssertionError(f"no button {label!r}; saw {person_user.texts()}") from None
