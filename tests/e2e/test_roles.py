"""Menus follow the roles held in the database now; forged buttons and deactivation."""

from __future__ import annotations

from sqlalchemy import func, select, update

from db.models import Person, PersonRole, Role, Ticket
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness


async def _add_person(bot: BotHarness, telegram_id: int, *roles: Role) -> int:
    async with bot.session_factory() as session, session.begin():
        person = Person(
            last_name="Сидоров",
            first_name="Семён",
            telegram_id=telegram_id,
            roles=[PersonRole(role=r.value) for r in roles],
        )
        session.add(person)
        await session.flush()
        return person.id


async def test_menu_and_commands_follow_roles(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await _add_person(bot, 700, Role.OPERATOR)
    await _add_person(bot, 701, Role.MANAGER, Role.ADMIN)
    operator = FakeUser(fake_api, 700, "Семён")
    boss = FakeUser(fake_api, 701, "Семён")

    await operator.send("/start")
    menu = await operator.expect("Ваши роли: Оператор")
    assert "🔑 Запросы доступа" not in menu.buttons
    assert [c["command"] for c in fake_api.commands["chat:700"]] == [
        "start",
        "help",
        "cancel",
        "new",
        "my",
        "t",
        "find",
    ]

    await boss.send("/start")
    menu = await boss.expect("Ваши роли: Руководитель, Администратор")
    assert "🔑 Запросы доступа" in menu.buttons
    assert "requests" in [c["command"] for c in fake_api.commands["chat:701"]]


async def test_roles_are_read_on_every_update(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    person_id = await _add_person(bot, 702, Role.ADMIN)
    admin = FakeUser(fake_api, 702, "Семён")
    await admin.send("/requests")
    await admin.expect("Новых запросов доступа нет")

    # The admin role is taken away in the database: no restart, the next update is refused.
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            PersonRole.__table__.delete().where(PersonRole.person_id == person_id)
        )
        session.add(PersonRole(person_id=person_id, role=Role.OPERATOR.value))
    await admin.send("/requests")
    await admin.expect("Я не понял сообщение")


async def test_forged_approve_button_from_a_non_admin_changes_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await _add_person(bot, 703, Role.OPERATOR)
    operator = FakeUser(fake_api, 703, "Семён")
    stranger = FakeUser(fake_api, 704, "Глеб")
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    await stranger.send("/start")
    await stranger.expect("запросите доступ")
    await stranger.press("🔑 Запросить доступ")
    request = await admin.expect("Запрос доступа")

    await operator.send("/start")
    await operator.expect("Ваши роли")
    forged = request.button_data("✅ Одобрить")
    assert forged is not None
    answer = await operator.press_data(forged, operator.last)
    assert "устарела" in answer["text"]
    assert not any("Выберите роли" in text for text in operator.texts())
    answer = await operator.press_data(request.button_data("❌ Отклонить") or "", operator.last)
    assert "устарела" in answer["text"]
    await admin.press("❌ Отклонить", request)  # still pending, so the real admin can decide
    await admin.expect("отклонён")


async def test_deactivated_person_is_refused_on_the_next_update(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    person_id = await _add_person(bot, 705, Role.EXECUTOR)
    executor = FakeUser(fake_api, 705, "Семён")
    await executor.send("/start")
    menu = await executor.expect("Ваши роли: Исполнитель")

    async with bot.session_factory() as session, session.begin():
        await session.execute(update(Person).where(Person.id == person_id).values(is_active=False))
    await executor.send("/start")
    await executor.expect("Ваш доступ отключён")
    answer = await executor.press_data("menu:home", menu)
    assert "доступ отключён" in answer["text"]


async def test_unexpected_input_always_gets_an_answer(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    stranger = FakeUser(fake_api, 706, "Глеб")
    await stranger.send("привет")
    await stranger.expect("Я не понял сообщение")
    await stranger.send_sticker()
    await stranger.expect("Я не понял сообщение")
    await stranger.send("/cancel")
    await stranger.expect("Нечего отменять")
    answer = await stranger.press_data("nonsense:1", stranger.last)
    assert answer["text"] == "Нет доступа. Чтобы работать с ботом, запросите доступ: /start"
    assert await stranger.api.wait_for(lambda: True)


async def test_a_staff_command_without_a_role_says_there_is_no_access(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    async with bot.session_factory() as session, session.begin():
        session.add(Person(last_name="Безролев", first_name="Пётр", telegram_id=707))
    person = FakeUser(fake_api, 707, "Пётр")
    for command in ("/new", "/my"):
        await person.send(command)
        answer = await person.expect("Нет доступа")
        assert answer.text == "Нет доступа. Чтобы работать с ботом, запросите доступ: /start"
    await person.send("привет")
    await person.expect("Я не понял сообщение")


async def test_a_form_is_closed_for_someone_who_lost_the_role_in_it(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    typing_id = await _add_person(bot, 705, Role.OPERATOR, Role.EXECUTOR)
    pressing_id = await _add_person(bot, 706, Role.OPERATOR)
    typing = FakeUser(fake_api, 705, "Семён")
    pressing = FakeUser(fake_api, 706, "Семён")
    await typing.send("/new")
    typing_step = await typing.expect("Шаг 1 из")
    await pressing.send("/new")
    pressing_step = await pressing.expect("Шаг 1 из")
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            PersonRole.__table__.delete().where(
                PersonRole.person_id.in_([typing_id, pressing_id]),
                PersonRole.role == Role.OPERATOR.value,
            )
        )

    # Still an executor: the form is closed with the reason, not «не понял».
    await typing.send("Садовая 10")
    told = await typing.expect("Это меню вам больше недоступно: ваши роли изменились")
    assert told.buttons == []
    await fake_api.wait_for(lambda: typing_step.buttons == [])
    # The next message is no longer taken for the form: it is a search, as for any executor.
    await typing.send("Садовая 10")
    await typing.expect("Ничего не найдено по запросу «Садовая 10»")

    # No role left at all: a press on the form's button says there is no access.
    answer = await pressing.press("◀️ Назад", pressing_step)
    assert answer["text"] == "Нет доступа. Чтобы работать с ботом, запросите доступ: /start"
    await fake_api.wait_for(lambda: pressing_step.buttons == [])
    assert not any("Шаг 2" in text for text in pressing.texts())
    async with bot.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Ticket)) == 0


async def test_an_input_step_is_closed_for_someone_who_lost_the_role_in_it(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """The same for an input step outside aiogram-dialog (naming an API key)."""
    admin_id = await _add_person(bot, 707, Role.ADMIN, Role.OPERATOR)
    admin = FakeUser(fake_api, 707, "Семён")
    await admin.send("/api_keys")
    keys = await admin.expect("Ключи API")
    await admin.press("➕ Новый ключ", keys)
    await admin.expect("Как назвать ключ?")
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            PersonRole.__table__.delete().where(
                PersonRole.person_id == admin_id, PersonRole.role == Role.ADMIN.value
            )
        )

    await admin.send("Садовая 10")  # meant as the key's name
    await admin.expect("Это меню вам больше недоступно: ваши роли изменились")
    await admin.send("Садовая 10")  # not a name any more: a search, as for any operator
    await admin.expect("Ничего не найдено по запросу «Садовая 10»")
