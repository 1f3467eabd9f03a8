""" "🗂 Мои заявки": own tickets only, newest first, eight a page, open or closed."""

from __future__ import annotations

from sqlalchemy import update

from bot.views.callbacks import MyTicketsCb
from db.base import utcnow
from db.models import Role, Ticket
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket


def _numbers(labels: list[str]) -> list[int]:
    return [int(label.split()[1]) for label in labels if label.startswith("№ ")]


async def test_my_tickets_pages_and_filter(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    author = await add_person(bot, 800, Role.OPERATOR)
    other = await add_person(bot, 801, Role.OPERATOR, last_name="Петров")
    mine = [
        await make_ticket(bot, author, {**DEFAULT_VALUES, "subject": f"Тема {i}"})
        for i in range(1, 13)
    ]
    foreign = await make_ticket(bot, other, {**DEFAULT_VALUES, "subject": "Чужая"})
    closed = [mine[1].id, mine[4].id, mine[10].id]
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id.in_(closed)).values(closed_at=utcnow())
        )
    open_numbers = sorted((t.number for t in mine if t.id not in closed), reverse=True)

    op = FakeUser(fake_api, 800, "Семён")
    await op.send("/start")
    await op.expect("Ваши роли")
    await op.press("🗂 Мои заявки")
    first = await op.expect("Мои открытые заявки")
    assert "9 (стр. 1 из 2)" in first.text
    assert _numbers(first.buttons) == open_numbers[:8]
    assert "◀️" not in first.buttons
    assert f"№ {foreign.number} · Чужая" not in first.buttons

    await op.press("▶️", first)
    second = await op.expect("стр. 2 из 2")
    assert second.message_id == first.message_id  # the list is edited in place
    assert _numbers(second.buttons) == open_numbers[8:]
    assert "▶️" not in second.buttons
    await op.press("◀️", second)
    back = await op.expect("стр. 1 из 2")
    assert _numbers(back.buttons) == open_numbers[:8]

    await op.press("Показать закрытые", back)
    closed_list = await op.expect("Мои закрытые заявки")
    assert "3 (стр. 1 из 1)" in closed_list.text
    assert _numbers(closed_list.buttons) == [11, 5, 2]
    assert "▶️" not in closed_list.buttons
    assert "◀️" not in closed_list.buttons
    await op.press("№ 5 · Тема 5", closed_list)
    card = await op.expect("Заявка № 5")
    assert "Тема 5" in card.text
    await op.press("Показать открытые", closed_list)
    await op.expect("Мои открытые заявки")

    # /my is the same list; a forged page past the end shows the last page.
    await op.send("/my")
    listing = await op.expect("Мои открытые заявки")
    assert "стр. 1 из 2" in listing.text
    await op.press_data(MyTicketsCb(closed=False, page=99).pack(), listing)
    last = await op.expect("стр. 2 из 2")
    assert _numbers(last.buttons) == open_numbers[8:]
