""" "🗂 Мои заявки": own tickets only, newest first, eight a page, open or closed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from bot.views.callbacks import MyTicketsCb
from bot.views.formatting import format_moment
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
        await make_ticket(bot, author, {**DEFAULT_VALUES, "description": f"Тема {i}"})
        for i in range(1, 13)
    ]
    foreign = await make_ticket(bot, other, {**DEFAULT_VALUES, "description": "Чужая"})
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


async def test_lists_show_place_stage_priority_and_deadline(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """Both personal lists («Мои заявки» and /work) say for each ticket where, what stage,
    how urgent and until when; the address wins over the subject when there is one."""
    author = await add_person(bot, 810, Role.OPERATOR)
    executor = await add_person(bot, 811, Role.EXECUTOR, last_name="Кузнецов")
    with_address = await make_ticket(bot, author, DEFAULT_VALUES)
    plain = await make_ticket(bot, author, DEFAULT_VALUES)
    deadline = datetime(2031, 3, 4, 9, 30, tzinfo=UTC)
    async with bot.session_factory() as session, session.begin():
        stored = await session.get(Ticket, with_address.id)
        assert stored is not None
        stored.values = {**stored.values, "address": "ул. Ленина, 5, кв. 12"}
        other = await session.get(Ticket, plain.id)
        assert other is not None
        kept = {k: v for k, v in other.values.items() if k != "address"}
        other.values = {**kept, "subject": "Нет света", "description": "Нет света"}
        other.subject = "Нет света"
        await session.execute(
            update(Ticket)
            .where(Ticket.id.in_([with_address.id, plain.id]))
            .values(assignee_id=executor, stage_deadline_at=deadline, priority="Высокий")
        )
    due = format_moment(deadline, bot.settings.company.tz)

    op = FakeUser(fake_api, 810, "Семён")
    await op.send("/my")
    listing = await op.expect("Мои открытые заявки")
    first = f"№ {with_address.number}</b> · ул. Ленина, 5, кв. 12 · "
    assert first in listing.text
    assert f"№ {plain.number}</b> · Нет света · " in listing.text
    for line in listing.text.splitlines()[1:]:
        assert "Высокий" in line
        assert f"до {due}" in line
        assert "Новая" in line
    assert f"№ {with_address.number} · ул. Ленина, 5, кв. 12" in listing.buttons

    worker = FakeUser(fake_api, 811, "Пётр")
    await worker.send("/work")
    work = await worker.expect("Ваши заявки в работе")
    assert first in work.text
    assert f"№ {plain.number}</b> · Нет света · " in work.text
    assert work.text.count(f"до {due}") == 2
    assert work.text.count("Высокий") == 2
    assert f"№ {plain.number}" in work.buttons
