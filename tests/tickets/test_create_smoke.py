from __future__ import annotations

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person, tickets


async def test_smoke(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 800, Role.OPERATOR)
    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/new")
    m = await op.expect("Шаг 1 из")
    print(m.text, m.buttons)
    await op.send("ООО Ромашка")
    m = await op.expect("Шаг 2 из")
    print(m.text, m.buttons)
    await op.send("89215550101")
    m = await op.expect("Шаг 3 из")
    print(m.text, m.buttons)
    await op.press("Выезд")
    m = await op.expect("Адрес")
    await op.send("Невский 1")
    m = await op.expect("Категория")
    await op.press("ИТ")
    await op.expect("Приоритет")
    await op.press("Высокий")
    await op.expect("Тема")
    await op.send("Не работает <b>принтер</b>")
    await op.expect("Описание")
    await op.send("Описание проблемы")
    m = await op.expect("Вложения")
    print(m.text, m.buttons)
    await op.press("✅ Готово")
    m = await op.expect("Желаемый срок")
    print(m.text, m.buttons)
    await op.press("⏭ Пропустить")
    m = await op.expect("Проверьте заявку")
    print(m.text, m.buttons)
    await op.press("✅ Создать")
    m = await op.expect("создана")
    print(m.text, m.buttons)
    assert len(await tickets(bot)) == 1
