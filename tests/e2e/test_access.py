"""Access requests end to end: unknown users, admins' decisions, role menus, deactivation."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AccessRequest, Person, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness


async def _person(bot: BotHarness, telegram_id: int) -> Person | None:
    async with bot.session_factory() as session:
        return await session.scalar(select(Person).where(Person.telegram_id == telegram_id))


async def test_unknown_user_asks_for_access_and_admin_approves(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна", "Админова")
    stranger = FakeUser(fake_api, 555, "Пётр", "<b>Петров</b>", username="petrov")

    await admin.send("/start")
    menu = await admin.expect("Ваши роли: Администратор")
    assert "🔑 Запросы доступа" in menu.buttons

    await stranger.send("/start")
    greeting = await stranger.expect("запросите доступ")
    assert greeting.buttons == ["🔑 Запросить доступ"]
    assert await _person(bot, 555) is None

    await stranger.press("🔑 Запросить доступ")
    await stranger.expect("Запрос отправлен администраторам")

    request = await admin.expect("Запрос доступа")
    assert "Пётр &lt;b&gt;Петров&lt;/b&gt;" in request.text  # user text is escaped
    assert "@petrov" in request.text
    assert request.buttons == ["✅ Одобрить", "❌ Отклонить"]

    await admin.press("✅ Одобрить", request)
    choice = await admin.expect("Выберите роли")
    assert "⬜ Оператор" in choice.buttons
    await admin.press("⬜ Оператор", choice)
    await admin.expect("Выберите роли")
    await admin.press("⬜ Исполнитель")
    await admin.expect("Выберите роли")
    assert {"✅ Оператор", "✅ Исполнитель", "⬜ Руководитель"} <= set(admin.last.buttons)
    await admin.press("💾 Сохранить")
    await admin.expect("одобрен. Роли: Оператор, Исполнитель")

    await stranger.expect("Доступ открыт. Ваши роли: Оператор, Исполнитель")
    person = await _person(bot, 555)
    assert person is not None
    assert person.role_set == {Role.OPERATOR, Role.EXECUTOR}
    commands = [c["command"] for c in fake_api.commands["chat:555"]]
    assert commands[:3] == ["start", "help", "cancel"]
    assert "new" in commands  # operators create tickets

    await stranger.send("/start")
    await stranger.expect("Ваши роли: Оператор, Исполнитель")


async def test_admin_rejects_and_requester_is_told(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    admin = FakeUser(fake_api, ADMIN_ID, "Анна")
    stranger = FakeUser(fake_api, 556, "Игорь")
    await stranger.send("/start")
    await stranger.expect("запросите доступ")
    await stranger.press("🔑 Запросить доступ")
    request = await admin.expect("Запрос доступа")
    stale_approve = request.button_data("✅ Одобрить")
    assert stale_approve is not None

    await admin.press("❌ Отклонить", request)
    await admin.expect("отклонён")
    await stranger.expect("в доступе отказано")
    assert await _person(bot, 556) is None
    async with bot.session_factory() as session:
        stored = await session.scalar(select(AccessRequest).where(AccessRequest.telegram_id == 556))
    assert stored is not None
    assert stored.status == "rejected"

    # A stale "approve" button (e.g. on another admin's copy) changes nothing.
    answer = await admin.press_data(stale_approve, request)
    assert "уже рассмотрен" in answer["text"]
    assert await _person(bot, 556) is None
