"""The registration journal («журнал учёта заявок»): a manager picks a period and gets an
.xlsx with one row per ticket registered in it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from db.base import utcnow
from db.models import Ticket
from services.deadlines.planner import planner_for
from services.tickets import lifecycle
from services.tickets.events import EventKind
from tests.conftest import ADMIN_ID
from tests.deadlines.helpers import EXECUTOR_CHAT, MANAGER_CHAT, World, make_world
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings

MSK = ZoneInfo("Europe/Moscow")
HEADER = [
    "Дата и время регистрации",
    "№ заявки",
    "Адрес",
    "Заявитель (ФИО)",
    "Телефон заявителя",
    "Неисправность",
    "Исполнитель",
    "Дата выполнения",
    "Отметка о выполнении",
]


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    return make_settings(api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID])


def _resident(name: str, flat: str | None, description: str) -> dict[str, object]:
    values: dict[str, object] = {
        "address": "ул. Ленина, д. 5",
        "client": name,
        "phone": "+7 921 555-01-01",
        "category": "Сантехника",
        "priority": "Обычная",
        "description": description,
    }
    return values | ({"flat": flat} if flat else {})


async def _close(world: World, ticket_id: int, stage: str, kind: EventKind) -> None:
    async with world.factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await lifecycle.enter_stage(
            session,
            ticket,
            stage,
            actor_id=world.author_id,
            planner=planner_for(world.settings.deadlines),
            kind=kind,
        )


async def test_journal_for_a_period(
    fake_api: FakeBotAPI, bot: BotHarness, database_url: str
) -> None:
    world = await make_world(database_url)
    now = utcnow()
    await world.create(at=now - timedelta(days=40), **_resident("Старая", "1", "Давно"))
    done = await world.create(at=now, **_resident("Иванова Мария", "12", "Течёт кран"))
    rejected = await world.create(at=now, **_resident("=1+1", None, "Шумит стояк"))
    await world.create(at=now, **_resident("Сидорова Анна", "3", "Не горит свет"))
    await _close(world, done, "awaiting_confirmation", EventKind.STAGE_CHANGED)
    await _close(world, done, "closed", EventKind.CONFIRMED)
    await _close(world, rejected, "rejected", EventKind.STAGE_CHANGED)

    manager = FakeUser(fake_api, MANAGER_CHAT, "Мария")
    await manager.send("/report")
    picker = await manager.expect("выберите период")
    await manager.press("📒 Журнал учёта заявок", picker)
    picker = await manager.expect("Сейчас: журнал учёта заявок")
    await manager.press("Сегодня", picker)
    await fake_api.wait_for(
        lambda: (
            (document := manager.messages[-1].document) is not None
            and document.filename.startswith("journal_")
        )
    )
    message = manager.messages[-1]
    assert message.document is not None
    sheet = load_workbook(io.BytesIO(message.document.content)).active
    assert sheet.title == "Журнал"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [row[1] for row in rows[1:]] == [2, 3, 4]  # the 40-day-old ticket is not in it
    registered = now.astimezone(MSK).replace(tzinfo=None, second=0, microsecond=0)
    first = rows[1]
    assert first[0].replace(second=0, microsecond=0) == registered
    assert first[2:7] == (
        "ул. Ленина, д. 5, кв./пом. 12",
        "Иванова Мария",
        "+7 921 555-01-01",
        "Сантехника: Течёт кран",
        "Иванов Иван",
    )
    assert first[7] is not None
    assert first[7].date() == registered.date()
    assert first[8] == "Выполнена, подтверждена заявителем"
    second = rows[2]
    assert second[2] == "ул. Ленина, д. 5"
    assert second[8] == "Отклонена"
    resident = sheet.cell(row=3, column=4)  # what people typed is text, never a formula
    assert (resident.value, resident.data_type) == ("=1+1", "s")
    third = rows[3]
    assert (third[7], third[8]) == (None, None)

    executor = FakeUser(fake_api, EXECUTOR_CHAT, "Иван")
    await executor.send("/journal")
    answer = await executor.next_event()
    assert "журнал" not in answer.text.lower()
    await world.engine.dispose()
