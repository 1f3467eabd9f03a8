"""Commands inside a dialogue are not taken as answers; /start leaves any dialogue; the card a
comment or edit dialogue was started from keeps its buttons."""

from __future__ import annotations

from sqlalchemy import select

from bot.views.callbacks import TicketCb
from db.models import Role, TicketEvent
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket, tickets

BLOCKED = "Сначала завершите или отмените текущее действие: /cancel"


async def test_commands_inside_the_creation_dialogue(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send(f"/t {ticket.number}")
    await op.expect(BLOCKED)
    await op.send("/my")
    await op.expect(BLOCKED)
    await op.send("ул. Ленина, 5")  # the dialogue is still open at the same step
    step = await op.expect("Шаг 2 из 10")
    assert "/t" not in step.text

    await op.send("/start")
    menu = await op.expect("Ваши роли")
    assert "📝 Новая заявка" in menu.buttons
    await op.send("89215550101")  # the draft is gone: not an answer any more, but a search
    found = await op.expect("Найдено по запросу «89215550101»: 1")
    assert found.buttons[0].startswith(f"№ {ticket.number} · ")
    await op.send(f"/t {ticket.number}")
    await op.expect(f"Заявка № {ticket.number}")
    assert len(await tickets(bot)) == 1


async def test_comment_dialogue_keeps_the_card_and_refuses_commands(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send(f"№{ticket.number}")
    card = await op.expect(f"Заявка № {ticket.number}")
    await op.press("💬 Комментарий", card)
    await op.expect("Напишите комментарий")
    # The card is still usable: its buttons come back right after the prompt.
    await fake_api.wait_for(lambda: "💬 Комментарий" in card.buttons)
    assert not card.deleted

    await op.send("/t 5")
    await op.expect(BLOCKED)
    await op.send("Кабель заменили")
    await op.expect("Комментарий добавлен")
    async with bot.session_factory() as session:
        texts = list(
            await session.scalars(select(TicketEvent.text).where(TicketEvent.kind == "comment"))
        )
    assert texts == ["Кабель заменили"]

    # The same card again: a second comment straight from it.
    await op.press("💬 Комментарий", card)
    await op.expect("Напишите комментарий")
    await op.send("/cancel")
    await op.expect("Действие отменено")
    await op.press("📜 История", card)
    history = await op.expect("История заявки")
    assert "Кабель заменили" in history.text


async def test_edit_dialogue_keeps_the_card(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send(f"/t {ticket.number}")
    card = await boss.expect(f"Заявка № {ticket.number}")
    await boss.press("✏️ Изменить поле", card)
    await boss.expect("Какое поле заявки изменить")
    await fake_api.wait_for(lambda: "✏️ Изменить поле" in card.buttons)
    await boss.press("ФИО заявителя")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.send("Петров Пётр")  # the edit dialogue was left by /start
    await boss.expect("Я не понял сообщение")
    [stored] = await tickets(bot)
    assert stored.values["client"] == DEFAULT_VALUES["client"]


async def test_text_typed_where_only_buttons_are_asked_gets_a_hint(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 900, Role.MANAGER)
    author = await add_person(bot, 920, Role.OPERATOR)
    await make_ticket(bot, author, DEFAULT_VALUES)
    manager = FakeUser(fake_api, 900, "Мария")
    await manager.send("/start")
    menu = await manager.expect("Ваши роли")
    await manager.press("📋 Очереди", menu)
    screen = await manager.expect("Очереди заявок")
    shown = len(manager.messages)
    await manager.send("покажи новые")
    await manager.expect("Здесь нужно нажать кнопку в сообщении ниже. Выйти: /cancel")
    again = await manager.expect("Очереди заявок")  # the same screen, below the hint
    assert "Без исполнителя (1)" in again.buttons
    assert manager.messages[-1] is again
    await fake_api.wait_for(lambda: screen.buttons == [] or None)  # one screen with buttons
    assert len(manager.messages) == shown + 2  # the hint, the screen again
    await manager.send("/start")  # the way out is not taken for stray text
    menu = await manager.expect("Ваши роли")
    assert "📋 Очереди" in menu.buttons
    assert len(await tickets(bot)) == 1


async def test_open_buttons_work_while_a_form_is_half_filled(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    other = await add_person(bot, 801, Role.OPERATOR)
    mine = await make_ticket(bot, author, DEFAULT_VALUES)
    theirs = await make_ticket(bot, other, DEFAULT_VALUES)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    step = await op.expect("Шаг 1 из 10")
    # «📄 Открыть» of a notice about their own ticket: the card comes, the form stays.
    await op.press_data(TicketCb(action="open", ticket_id=mine.id).pack(), step)
    card = await op.expect(f"Заявка № {mine.number}")
    assert "Шаг 1" not in card.text
    # Somebody else's ticket (a forged press): refused with the reason, not a silent redraw.
    refused = await op.press_data(TicketCb(action="open", ticket_id=theirs.id).pack(), step)
    assert refused["text"] == "Заявка не найдена или у вас нет к ней доступа."
    await op.send("ул. Ленина, 5")  # the form goes on where it was
    await op.expect("Шаг 2 из 10")


async def test_commands_leave_a_screen_that_only_shows_something(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 900, Role.MANAGER)
    author = await add_person(bot, 920, Role.OPERATOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    manager = FakeUser(fake_api, 900, "Мария")
    await manager.send("/queues")
    await manager.expect("Очереди заявок")
    await manager.send(f"/t {ticket.number}")  # a queue loses nothing: the card comes
    await manager.expect(f"Заявка № {ticket.number}")
    await manager.send("/nonsense")  # not a command of the bot: still refused, not ignored
    await manager.expect(BLOCKED)

    # The ticket form keeps typed answers even on its buttons-only «Отменить заполнение?».
    op = FakeUser(fake_api, 920, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("ул. Ленина, 5")
    await op.expect("Шаг 2 из 10")
    await op.press("✖️ Отмена")
    await op.expect("Отменить заполнение?")
    await op.send(f"/t {ticket.number}")
    await op.expect(BLOCKED)


async def test_an_optional_field_can_be_emptied_from_the_edit(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    ticket = await make_ticket(bot, author, {**DEFAULT_VALUES, "flat": "12"})
    await add_person(bot, 810, Role.MANAGER)
    boss = FakeUser(fake_api, 810, "Босс")
    await boss.send(f"/t {ticket.number}")
    card = await boss.expect(f"Заявка № {ticket.number}")
    await boss.press("✏️ Изменить поле", card)
    await boss.expect("Какое поле заявки изменить")
    await boss.press("ФИО заявителя")  # required: no way to empty it
    asked = await boss.expect("ФИО заявителя")
    assert "🧹 Очистить" not in asked.buttons
    await boss.send("\u3000")
    refused = await boss.expect("Пустое значение. Введите новое значение.")
    assert "Пропустить" not in refused.text
    await boss.press("◀️ Назад", refused)
    await boss.press("Квартира / помещение")
    asked = await boss.expect("Квартира / помещение")
    await boss.send(" ")
    await boss.expect("или нажмите «🧹 Очистить», чтобы убрать его")
    await boss.press("🧹 Очистить")
    await boss.expect("✏️ Поле «Квартира / помещение» заявки № 1 изменено.")
    [stored] = await tickets(bot)
    assert "flat" not in stored.values
    assert stored.values["client"] == DEFAULT_VALUES["client"]


async def test_an_old_menu_button_does_not_drop_a_half_filled_form(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/start")
    menu = await op.expect("Ваши роли")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("ул. Ленина, 5")
    await op.expect("Шаг 2 из 10")
    answer = await op.press("📝 Новая заявка", menu)  # would start the form afresh
    assert answer["text"] == BLOCKED
    await op.send("12")  # the form goes on, its answers kept
    step = await op.expect("Шаг 3 из 10")
    await op.press("◀️ Назад", step)
    await op.expect("Сейчас: 12")
