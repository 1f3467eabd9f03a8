"""Forged button data with numbers no button carries (too large for a row id, or not a number
where a dialogue button has one) is answered as an outdated button: no error code, nothing
changed, the form goes on."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Role, Ticket
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import add_person, make_ticket

OUTDATED = "Эта кнопка устарела. Откройте меню: /start"
HUGE = "99999999999999999999999"


async def test_forged_numbers_are_outdated_buttons(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    me = await add_person(bot, 845, Role.OPERATOR, Role.MANAGER)
    ticket = await make_ticket(bot, me, {"address": "ул. Ленина, д. 5", "category": "Электрика"})
    op = FakeUser(fake_api, 845, "Ольга")
    await op.send("/start")
    menu = await op.expect("Ваши роли")

    for data in (f"tk:open:{HUGE}", f"wk:pick:{HUGE}:new:1"):
        answer = await op.press_data(data, menu)
        assert answer.get("text") == OUTDATED, data
    # The ticket is real, the executor's id is not one.
    answer = await op.press_data(f"wk:pick:{ticket.id}:new:{HUGE}", menu)
    assert answer.get("text") == "Этот человек не может быть исполнителем."

    # A dialogue's choice with a non-number or a huge number for its item.
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send("ул. Садовая, д. 10")
    await op.expect("Квартира / помещение")
    await op.send("5")
    await op.expect("Подъезд")
    await op.press("⏭ Пропустить")
    await op.expect("ФИО заявителя")
    await op.send("Анна Смирнова")
    await op.expect("Телефон заявителя")
    await op.send("+7 921 555-01-01")
    step = await op.expect("Категория")
    real = step.button_data("Электрика")
    assert real is not None
    head = real.rsplit(":", 1)[0]
    for item in ("abc", HUGE, "²"):
        answer = await op.press_data(f"{head}:{item}", step)
        assert answer.get("text") == OUTDATED, item
    await op.press("Электрика", step)
    await op.expect("Приоритет")
    assert not [t for t in op.texts() if "Не получилось выполнить действие" in t]
    async with bot.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Ticket)) == 1
        assert (await session.get(Ticket, ticket.id)).assignee_id is None  # type: ignore[union-attr]
