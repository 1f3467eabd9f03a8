"""Finding tickets through the bot: a dispatcher types an address or a phone and gets the
ticket; pages; everyone searches within what they may see; the new ticket's summary warns
about open tickets at the same address or phone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.config import Settings
from db.models import Role, Ticket
from services.business_calendar import BusinessCalendar
from services.deadlines.planning import DeadlinePlanner
from services.tickets.creation import create_from_values
from services.tickets.fieldsets import current_fields
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person, tickets

# A housing company's form: the address is the street and house plus the flat.
FIELDS = [
    {"key": "address", "label": "Адрес", "type": "text", "required": True},
    {"key": "flat", "label": "Квартира", "type": "number"},
    {"key": "resident", "label": "Житель", "type": "text"},
    {"key": "phone", "label": "Телефон", "type": "phone", "required": True},
    {
        "key": "priority",
        "label": "Приоритет",
        "type": "choice",
        "required": True,
        "choices": ["Обычный", "Аварийный"],
    },
    {"key": "subject", "label": "Тема", "type": "text", "required": True},
]
SADOVAYA_10: dict[str, Any] = {
    "address": "ул. Садовая, д. 10, кв. 5",
    "resident": "Пётр Иванов",
    "phone": "+7 921 555-01-01",
    "priority": "Аварийный",
    "subject": "Протечка",
}
SADOVAYA_1 = {**SADOVAYA_10, "address": "Садовая ул., 1", "phone": "+7 911 000-00-00"}
NONE_FOUND = "Попробуйте номер заявки, телефон или улицу и дом."


def _row(ticket: Ticket, stage: str = "Новая") -> str:
    place = ", ".join(
        str(ticket.values[key]) for key in ("address", "flat") if key in ticket.values
    )
    return f"№ {ticket.number} · {place} · {stage} · {ticket.priority}"


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    return make_settings(
        api_base=fake_api.base_url,
        database_url=database_url,
        admins=[ADMIN_ID],
        tickets={"fields": FIELDS, "address_fields": ["address", "flat"]},
    )


async def make_ticket(bot: BotHarness, author_id: int, values: dict[str, Any]) -> Ticket:
    """A ticket made through the service with the configured form."""
    async with bot.session_factory() as session, session.begin():
        row, field_set = await current_fields(session, bot.settings.tickets.field_set)
        return await create_from_values(
            session,
            author_id=author_id,
            field_set_row=row,
            field_set=field_set,
            values=values,
            planner=DeadlinePlanner(BusinessCalendar()),
        )


async def test_operator_types_an_address_or_a_phone_and_gets_the_ticket(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    me = await add_person(bot, 800, Role.OPERATOR)
    other = await add_person(bot, 801, Role.OPERATOR, last_name="Петров")
    ten = await make_ticket(bot, me, SADOVAYA_10)
    one = await make_ticket(bot, me, SADOVAYA_1)
    theirs = await make_ticket(bot, other, SADOVAYA_10)  # same place, not mine to see
    op = FakeUser(fake_api, 800, "Семён")

    # Typed outside any dialogue: a search instead of «Я не понял сообщение».
    await op.send("Садовая 10")
    found = await op.expect("Найдено по запросу «Садовая 10»: 1 · Стр. 1 из 1")
    assert _row(ten) in found.buttons
    assert not any(label.startswith(f"№ {theirs.number} ") for label in found.buttons)
    await op.press(_row(ten))
    card = await op.expect(f"Заявка № {ten.number}")
    assert "ул. Садовая, д. 10, кв. 5" in card.text

    # The search stays open: the next query is typed right away.
    await op.send("Садовая 10 5")
    found = await op.expect("Найдено по запросу «Садовая 10 5»: 1")
    assert _row(ten) in found.buttons
    await op.send("89215550101")
    found = await op.expect("Найдено по запросу «89215550101»: 1")
    assert _row(ten) in found.buttons
    await op.send("Садовая 1")
    found = await op.expect("Найдено по запросу «Садовая 1»: 1")
    assert found.buttons[0] == _row(one)  # «Садовая, д. 10» is not house 1
    # A command in the search is not refused: the search only shows things.
    await op.send(f"/t {ten.number}")
    await op.expect(f"Заявка № {ten.number}")
    await op.send("Садовая 10 7")
    await op.expect(f"Ничего не найдено по запросу «Садовая 10 7». {NONE_FOUND}")
    await op.send(str(one.number))
    found = await op.expect(f"Найдено по запросу «{one.number}»")
    assert found.buttons[0] == _row(one)

    # /find with the query; then a message that is no search keeps a clear answer.
    await op.send("/cancel")
    await op.expect("Действие отменено")
    await op.send("/find +7 (921) 555-01-01")
    found = await op.expect("Найдено по запросу «+7 (921) 555-01-01»: 1")
    assert _row(ten) in found.buttons
    await op.send("/cancel")
    await op.expect("Действие отменено")
    await op.send("привет")
    await op.expect("Я не понял сообщение. Чтобы найти заявку, пришлите её номер")
    stranger = FakeUser(fake_api, 555, "Незнакомец")
    await stranger.send("Садовая 10")
    reply = await stranger.expect("Я не понял сообщение")
    assert "Садовая" not in reply.text
    assert not reply.buttons

    async with bot.session_factory() as session:
        stored = await session.get(Ticket, ten.id)
        assert stored is not None
        assert " садовая д 10 кв 5 " in stored.search_text
        assert stored.phone_digits == " 9215550101 "


async def test_results_come_in_pages(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    me = await add_person(bot, 800, Role.OPERATOR)
    made = [
        await make_ticket(bot, me, {**SADOVAYA_10, "address": "Садовая 20", "flat": flat})
        for flat in range(1, 11)
    ]
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/start")
    menu = await op.expect("Ваши роли")
    assert "🔎 Найти заявку" in menu.buttons
    await op.press("🔎 Найти заявку")
    await op.expect("Поиск заявки")
    await op.send("садовая 20")
    first = await op.expect("Найдено по запросу «садовая 20»: 10 · Стр. 1 из 2")
    newest = sorted(made, key=lambda t: t.number, reverse=True)
    assert first.buttons == [*[_row(t) for t in newest[:8]], "▶️", "🏠 Меню"]
    await op.press("▶️")
    second = await op.expect("Стр. 2 из 2")
    assert second.buttons == [*[_row(t) for t in newest[8:]], "◀️", "🏠 Меню"]
    await op.press(_row(newest[9]))
    await op.expect(f"Заявка № {newest[9].number}")
    await op.press("◀️")
    again = await op.expect("Стр. 1 из 2")
    assert _row(newest[0]) in again.buttons
    await op.press("🏠 Меню")
    closed = await op.expect("Поиск закрыт")
    assert "📝 Новая заявка" in closed.buttons


async def test_executor_finds_only_own_tickets(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    worker = await add_person(bot, 820, Role.EXECUTOR, last_name="Мастер")
    mine = await make_ticket(bot, author, SADOVAYA_10)
    not_mine = await make_ticket(bot, author, SADOVAYA_1)
    async with bot.session_factory() as session, session.begin():
        await session.execute(update(Ticket).where(Ticket.id == mine.id).values(assignee_id=worker))
    executor = FakeUser(fake_api, 820, "Мастер")
    await executor.send("/start")
    menu = await executor.expect("Ваши роли")
    assert "🔎 Найти заявку" in menu.buttons
    await executor.send("/find Садовая")
    found = await executor.expect("Найдено по запросу «Садовая»: 1")
    assert found.buttons == [_row(mine), "🏠 Меню"]
    await executor.send(f"№ {not_mine.number}")
    await executor.expect(f"Ничего не найдено по запросу «№ {not_mine.number}»")
    await executor.send("89110000000")
    await executor.expect("Ничего не найдено по запросу «89110000000»")

    # A forged button naming the other ticket is refused like a missing one.
    await executor.send("Садовая 10")
    found = await executor.expect("Найдено по запросу «Садовая 10»: 1")
    data = found.button_data(_row(mine))
    assert data is not None
    assert data.endswith(str(mine.id))
    forged = data[: -len(str(mine.id))] + str(not_mine.id)
    answer = await executor.press_data(forged, found)
    assert "нет к ней доступа" in answer["text"]
    await asyncio.sleep(0.2)
    assert not any(f"Заявка № {not_mine.number}" in text for text in executor.texts())


async def _create_at(op: FakeUser, address: str, flat: str, phone: str) -> None:
    await op.send("/new")
    await op.expect("Шаг 1 из 6")
    await op.send(address)
    await op.expect("Квартира")
    await op.send(flat)
    await op.expect("Житель")
    await op.send("Анна Смирнова")
    await op.expect("Телефон")
    await op.send(phone)
    await op.expect("Приоритет")
    await op.press("Аварийный")
    await op.expect("Тема")
    await op.send("Снова течёт")


async def test_second_ticket_at_the_same_address_is_warned_about(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    me = await add_person(bot, 800, Role.OPERATOR)
    other = await add_person(bot, 801, Role.OPERATOR, last_name="Петров")
    first = await make_ticket(bot, me, SADOVAYA_10)
    old = await make_ticket(bot, me, SADOVAYA_10)
    theirs = await make_ticket(bot, other, {**SADOVAYA_1, "phone": "+7 999 000-00-00"})
    neighbour = await make_ticket(bot, me, {**SADOVAYA_10, "address": "Садовая, 10", "flat": 7})
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket)
            .where(Ticket.id == old.id)
            .values(closed_at=Ticket.created_at, stage_key="closed")
        )
    op = FakeUser(fake_api, 800, "Семён")

    await _create_at(op, "Садовая улица, дом 10", "5", "8 999 000 00 00")
    summary = await op.expect("Проверьте заявку")
    assert f"⚠️ По этому адресу есть открытые заявки: № {first.number}\n" in summary.text
    assert f"⚠️ По этому телефону есть открытые заявки: № {theirs.number}\n" in summary.text
    assert f"№ {old.number}" not in summary.text  # closed
    assert f"№ {neighbour.number}" not in summary.text  # another flat
    # Only the ticket I may open gets a button.
    assert f"📄 № {first.number}" in summary.buttons
    assert f"📄 № {theirs.number}" not in summary.buttons

    await op.press(f"📄 № {first.number}")
    card = await op.expect(f"Заявка № {first.number}")
    assert "ул. Садовая, д. 10, кв. 5" in card.text
    # The summary comes again under the card, with its buttons; the old one loses them.
    again = await fake_api.wait_for(
        lambda: op.last if "Проверьте заявку" in op.last.text and op.last.buttons else None
    )
    assert again.message_id > card.message_id
    assert "✅ Создать" in again.buttons
    # The old keyboard comes off beside the new summary, not before it.
    await fake_api.wait_for(lambda: summary.buttons == [])
    await op.press("✅ Создать", again)
    await op.expect("создана")  # told only after the commit
    made = await tickets(bot)
    assert len(made) == 5
    assert made[-1].values["address"] == "Садовая улица, дом 10"
    assert made[-1].values["flat"] == 5
    assert made[-1].author_id == me
    async with bot.session_factory() as session:
        numbers = list(await session.scalars(select(Ticket.number).order_by(Ticket.number)))
    assert numbers == [1, 2, 3, 4, 5]
