"""Helpers for the ticket tests: people with roles, raw uploads (photos, big files, voice)."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select

from db.models import Person, PersonRole, Role, Ticket
from tests.fakes.bot_api import BotMessage
from tests.fakes.users import FakeUser
from tests.harness import BotHarness

_unique = itertools.count(1)


async def add_person(
    bot: BotHarness, telegram_id: int, *roles: Role, last_name: str = "Сидоров"
) -> int:
    async with bot.session_factory() as session, session.begin():
        person = Person(
            last_name=last_name,
            first_name="Семён",
            telegram_id=telegram_id,
            roles=[PersonRole(role=r.value) for r in roles],
        )
        session.add(person)
        await session.flush()
        return person.id


async def tickets(bot: BotHarness) -> list[Ticket]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(Ticket).order_by(Ticket.number)))


async def send_photo(user: FakeUser, size: int = 50_000) -> int:
    sent = user.api.new_file(f"photo{next(_unique)}.jpg", b"\xff\xd8jpeg")
    photo = [
        {"file_id": sent.file_id, "file_unique_id": sent.file_id, "width": 90, "height": 90},
        {
            "file_id": sent.file_id,
            "file_unique_id": sent.file_id,
            "width": 900,
            "height": 900,
            "file_size": size,
        },
    ]
    return await user.api.push_update({"message": user._message(photo=photo)})


async def send_big_document(user: FakeUser, size: int) -> int:
    document = {
        "file_id": "big-1",
        "file_unique_id": "big-1",
        "file_name": "scan.pdf",
        "file_size": size,
    }
    return await user.api.push_update({"message": user._message(document=document)})


async def send_voice(user: FakeUser) -> int:
    voice = {"file_id": "voice-1", "file_unique_id": "voice-1", "duration": 3}
    return await user.api.push_update({"message": user._message(voice=voice)})


async def answer(user: FakeUser, text: str, expect: str) -> BotMessage:
    await user.send(text)
    return await user.expect(expect)


async def press(user: FakeUser, label: str, expect: str) -> BotMessage:
    await user.press(label)
    return await user.expect(expect)


def data(message: BotMessage) -> Any:
    return message.reply_markup


async def make_ticket(bot: BotHarness, author_id: int, values: dict[str, Any]) -> Ticket:
    """A ticket created through the service, for tests about what happens afterwards."""
    from services.business_calendar import BusinessCalendar
    from services.deadlines.planning import DeadlinePlanner
    from services.tickets.creation import create_from_values
    from services.tickets.fieldsets import current_fields

    async with bot.session_factory() as session, session.begin():
        row, field_set = await current_fields(session)
        return await create_from_values(
            session,
            author_id=author_id,
            field_set_row=row,
            field_set=field_set,
            values=values,
            planner=DeadlinePlanner(BusinessCalendar()),
        )


# Fields of the default (housing) form, without the address: lists show the address when a
# ticket has one, else the description's opening (the ticket's title).
DEFAULT_VALUES: dict[str, Any] = {
    "client": "ООО Ромашка",
    "phone": "+7 921 555-01-01",
    "category": "Прочее",
    "priority": "Обычная",
    "description": "Не печатает принтер",
}
