"""A dispatcher's first day: a next step after every end, /help with one's own commands, the
menu on access and role changes, the stranger's contact line, ids without digit grouping."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import AccessRequest, Counter, Person, Role
from services.tickets.numbering import TICKET_COUNTER
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.tickets.conftest import add_person, tickets

CONTACT = "Аварийно-диспетчерская служба: +7 812 000-00-00, круглосуточно"
STRANGER = 5_550_001_234  # a Telegram id long enough to be grouped by Fluent


# A form of its own, so these tests do not depend on the default one.
FIELDS = [
    {"key": "subject", "label": "Тема", "type": "text", "required": True},
    {"key": "description", "label": "Описание", "type": "long_text", "required": True},
    {"key": "note", "label": "Примечание", "type": "text"},
]


@pytest.fixture
def settings(fake_api: FakeBotAPI, sqlite_url: str) -> Settings:
    return make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        company={"contact_text": CONTACT},
        tickets={"fields": FIELDS},
    )


async def _fill_to_summary(op: FakeUser) -> None:
    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("Не печатает принтер")
    await op.expect("Шаг 2 из 3")
    await op.send("Принтер в бухгалтерии")
    await op.expect("Шаг 3 из 3")
    await op.press("⏭ Пропустить")
    await op.expect("Проверьте заявку")


async def test_after_a_ticket_another_one_or_the_menu_and_no_digit_grouping(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    async with bot.session_factory() as session, session.begin():
        session.add(Counter(name=TICKET_COUNTER, value=1023))
    op = FakeUser(fake_api, 800, "Семён")
    await _fill_to_summary(op)
    await op.press("✅ Создать")
    created = await op.expect("создана")
    assert "№ 1024</b> создана" in created.text  # not «№ 1 024»
    assert "Заявка № 1024" in created.text
    card_buttons = created.buttons
    assert card_buttons  # the card's own buttons
    nxt = await op.expect("Что дальше?")
    assert nxt.buttons == ["📝 Ещё заявка", "🏠 Меню"]
    assert [t.number for t in await tickets(bot)] == [1024]

    await op.press("📝 Ещё заявка", nxt)
    await op.expect("Шаг 1 из 3")
    [card] = [m for m in op.messages if m.message_id == created.message_id]
    assert card.buttons == card_buttons  # the next form did not take the card's buttons
    await op.send("/cancel")  # nothing typed yet: cancelled at once, and the menu follows
    cancelled = await op.expect("Действие отменено")
    assert "Выберите действие" in cancelled.text
    assert "📝 Новая заявка" in cancelled.buttons

    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("/cancel")
    await _fill_to_summary(op)
    await op.press("✅ Создать")
    await op.expect("создана")
    nxt = await op.expect("Что дальше?")
    await op.press("🏠 Меню", nxt)
    menu = await op.expect("Ваши роли: Оператор")
    assert "📝 Новая заявка" in menu.buttons


async def test_cancel_button_asks_before_dropping_a_filled_draft(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.press("✖️ Отмена")  # nothing answered: no question, straight to the menu
    dropped = await op.expect("Заявка не создана")
    assert "📝 Новая заявка" in dropped.buttons

    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("Не печатает принтер")
    await op.expect("Шаг 2 из 3")
    await op.press("✖️ Отмена")
    ask = await op.expect("Отменить заполнение? Введённые данные не сохранятся.")
    assert ask.buttons == ["Да, отменить", "Продолжить"]
    await op.press("Продолжить", ask)
    await op.expect("Шаг 2 из 3")  # the same step
    await op.press("◀️ Назад")
    first = await op.expect("Сейчас: Не печатает принтер")  # the answer kept
    assert "Шаг 1 из 3" in first.text

    await _fill_rest_and_cancel_from_summary(op)
    await op.press("✖️ Отмена")
    ask = await op.expect("Отменить заполнение?")
    await op.press("Да, отменить", ask)
    gone = await op.expect("Заявка не создана")
    assert "Выберите действие" in gone.text
    assert "📝 Новая заявка" in gone.buttons
    assert await tickets(bot) == []


async def _fill_rest_and_cancel_from_summary(op: FakeUser) -> None:
    """From the first step to the summary, then «Отмена» there and «Продолжить» back to it."""
    await op.send("Не печатает принтер")
    await op.expect("Шаг 2 из 3")
    await op.send("Принтер в бухгалтерии")
    await op.expect("Шаг 3 из 3")
    await op.press("⏭ Пропустить")
    await op.expect("Проверьте заявку")
    await op.press("✖️ Отмена")
    ask = await op.expect("Отменить заполнение?")
    await op.press("Продолжить", ask)
    summary = await op.expect("Проверьте заявку")
    assert "✅ Создать" in summary.buttons


async def test_cancel_typed_in_a_filled_draft_says_what_was_dropped(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("Не печатает принтер")
    await op.expect("Шаг 2 из 3")
    await op.send("Принтер в бухгалтерии")
    await op.expect("Шаг 3 из 3")
    await op.send("/cancel")
    told = await op.expect("введённые данные удалены (заполнено полей: 2)")
    assert "📝 Новая заявка" in told.buttons
    assert await tickets(bot) == []


async def test_start_typed_in_a_filled_draft_says_what_was_dropped(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """/start is the way out that always works; it does not drop typed answers unsaid."""
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("Не печатает принтер")
    step = await op.expect("Шаг 2 из 3")
    assert "✖️ Отмена" in step.buttons
    await op.send("/start")
    told = await op.expect("введённые данные удалены (заполнено полей: 1)")
    assert "Выберите действие" in told.text
    assert "📝 Новая заявка" in told.buttons
    # The form's last step loses its buttons: they would only be refused now.
    await fake_api.wait_for(lambda: not step.buttons or None)
    assert await tickets(bot) == []

    await op.send("/new")
    await op.expect("Шаг 1 из 3")
    await op.send("/start")  # nothing typed yet: only the menu
    menu = await op.expect("Выберите действие")
    assert "удалены" not in menu.text


async def test_help_lists_the_persons_own_commands(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/help")
    shown = await op.expect("Ваши команды")
    lines = shown.text.splitlines()
    assert "/new — Новая заявка" in lines
    assert "/t — Заявка по номеру: /t 1024" in lines
    assert "/find — Поиск заявки: номер, телефон, адрес, текст" in lines
    assert not any(line.startswith(("/requests", "/staff", "/work")) for line in lines)
    assert CONTACT not in shown.text  # staff know whom to call

    stranger = FakeUser(fake_api, 801, "Житель")
    await stranger.send("/help")
    told = await stranger.expect("Ваши команды")
    commands = [line.split(" — ")[0] for line in told.text.splitlines() if line.startswith("/")]
    assert commands[:2] == ["/start", "/help"]
    assert "/new" not in commands
    assert CONTACT in told.text


async def test_stranger_sees_the_contact_text_and_is_given_the_menu_on_approval(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, STRANGER, "Пётр")
    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    assert CONTACT in greeting.text
    assert greeting.text.rstrip().endswith(CONTACT)  # right above «Запросить доступ»
    assert greeting.buttons == ["🔑 Запросить доступ"]

    await stranger.press("🔑 Запросить доступ")
    request = await admin.expect("Запрос доступа")
    assert f"<code>{STRANGER}</code>" in request.text  # the Telegram id as typed, no spaces
    await admin.press("✅ Одобрить", request)
    choice = await admin.expect("Выберите роли")
    assert "<b>Пётр</b>" in choice.text
    await admin.press("⬜ Оператор", choice)
    await admin.expect("Выберите роли")
    await admin.press("💾 Сохранить")
    await admin.expect("одобрен")

    granted = await stranger.expect("Доступ открыт")
    assert "/start" not in granted.text
    assert "📝 Новая заявка" in granted.buttons
    async with bot.session_factory() as session:
        stored = await session.scalar(select(AccessRequest))
    assert stored is not None
    assert stored.status == "approved"


async def test_role_change_by_an_admin_is_told_with_the_new_menu(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    worker_id = await add_person(bot, 902, Role.EXECUTOR, last_name="Петров")
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    worker = FakeUser(fake_api, 902, "Пётр")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Семён 📱", listing)
    card = await admin.expect("Открытых заявок: 0")
    await admin.press("🎭 Роли", card)
    choice = await admin.expect("Отметьте его роли")
    assert "Сотрудник: <b>Петров Семён</b>" in choice.text
    await admin.press("⬜ Оператор", choice)
    await admin.expect("Отметьте его роли")
    await admin.press("💾 Сохранить")
    await admin.expect("Роли: Оператор, Исполнитель")

    told = await worker.expect("Ваши роли изменены: Оператор, Исполнитель")
    assert "📝 Новая заявка" in told.buttons
    assert "new" in [c["command"] for c in fake_api.commands["chat:902"]]

    await admin.press("🎭 Роли")
    choice = await admin.expect("Отметьте его роли")
    await admin.press("✅ Оператор", choice)
    await admin.expect("Отметьте его роли")
    await admin.press("✅ Исполнитель")
    await admin.expect("Отметьте его роли")
    await admin.press("💾 Сохранить")
    removed = await worker.expect("ролей больше нет")
    assert removed.buttons == []
    async with bot.session_factory() as session:
        person = await session.get(Person, worker_id)
        assert person is not None
        assert person.role_set == frozenset()
