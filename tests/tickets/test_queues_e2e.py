"""«📋 Очереди» through the fake Bot API: counts, pages, filters, the card from a row, the ⚠️
of an overdue ticket, the buttons of deadline notices, and refusals for non-managers."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from bot.config import Settings
from bot.views.formatting import format_moment
from db.base import utcnow
from db.models import OutgoingMessage, Role, Ticket
from scheduler.deadlines import sweep_deadlines
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket

MANAGER, EXECUTOR, OTHER_EXECUTOR, AUTHOR = 900, 910, 911, 920


def _numbers(buttons: list[str]) -> list[int]:
    return [int(m[1]) for b in buttons if (m := re.match(r"^(?:⚠️ )?№ (\d+) · ", b))]


async def _start_manager(api: FakeBotAPI) -> FakeUser:
    manager = FakeUser(api, MANAGER, "Мария")
    await manager.send("/start")
    menu = await manager.expect("Ваши роли")
    assert "📋 Очереди" in menu.buttons
    return manager


async def _overdue(bot: BotHarness, ticket_id: int, *, by: timedelta) -> None:
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id)
            .values(stage_deadline_at=utcnow() - by, stage_warn_at=utcnow() - by * 2)
        )


async def test_manager_pages_filters_and_opens_a_card(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, MANAGER, Role.MANAGER, last_name="Петрова")
    author = await add_person(bot, AUTHOR, Role.OPERATOR)
    executor = await add_person(bot, EXECUTOR, Role.EXECUTOR, last_name="Иванов")
    printers = [
        await make_ticket(bot, author, {**DEFAULT_VALUES, "description": f"Принтер {i}"})
        for i in range(8)
    ]
    lights = [
        await make_ticket(
            bot,
            author,
            {
                **DEFAULT_VALUES,
                "address": f"Невский {i}",
                "category": "Электрика",
                "description": f"Свет {i}",
            },
        )
        for i in range(3)
    ]
    taken = await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Уже назначена"})
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id == taken.id).values(assignee_id=executor)
        )
        unassigned = await session.scalar(
            select(func.count()).where(Ticket.closed_at.is_(None), Ticket.assignee_id.is_(None))
        )
    assert unassigned == 11

    manager = await _start_manager(fake_api)
    await manager.press("📋 Очереди")
    screen = await manager.expect("Очереди заявок")
    assert screen.buttons[:4] == [
        "Без исполнителя (11)",
        "Открытые (12)",
        "Просроченные (0)",
        "Ждут подтверждения (0)",
    ]
    assert "✖️ Закрыть" in screen.buttons

    await manager.press("Без исполнителя (11)", screen)
    first = await manager.expect("Стр. 1 из 2")
    assert "<b>Без исполнителя</b>: 11" in first.text
    in_order = [t.number for t in printers + lights]
    assert _numbers(first.buttons) == in_order[:8]
    assert f"№ {printers[0].number}</b> · Принтер 0 · Новая · Обычная · до " in first.text
    assert "▶️" in first.buttons
    assert "◀️" not in first.buttons
    assert "Категория: все" in first.buttons
    assert not any(b.startswith("Исполнитель:") for b in first.buttons)  # nobody to filter by
    assert f"№ {taken.number} " not in first.text

    await manager.press("▶️", first)
    second = await manager.expect("Стр. 2 из 2")
    assert second.message_id == first.message_id  # the same message, edited
    assert _numbers(second.buttons) == in_order[8:]
    assert "◀️" in second.buttons
    assert "▶️" not in second.buttons

    await manager.press("Категория: все", second)
    choose = await manager.expect("Выберите категорию")
    assert choose.buttons[:2] == ["Прочее (8)", "Электрика (3)"]
    await manager.press("Электрика (3)", choose)
    electric = await manager.expect("Стр. 1 из 1")
    assert "<b>Без исполнителя</b>: 3" in electric.text
    assert "Категория: Электрика" in electric.buttons
    assert _numbers(electric.buttons) == [t.number for t in lights]
    assert f"№ {lights[1].number} · Невский 1" in electric.buttons

    await manager.press(f"№ {lights[1].number} · Невский 1", electric)
    card = await manager.expect(f"Заявка № {lights[1].number}</b>")
    assert "Невский 1" in card.text
    assert "Свет 1" in card.text
    assert "💬 Комментарий" in card.buttons

    # "Открытые" has executors to filter by; the category filter starts afresh per queue.
    await manager.press("◀️ К очередям", electric)
    again = await manager.expect("Очереди заявок")
    await manager.press("Открытые (12)", again)
    opened = await manager.expect("<b>Открытые</b>: 12")
    assert "Исполнитель: все" in opened.buttons
    assert "Категория: все" in opened.buttons
    await manager.press("Исполнитель: все", opened)
    people = await manager.expect("Выберите исполнителя")
    await manager.press("Иванов Семён (1)", people)
    mine = await manager.expect("<b>Открытые</b>: 1 ")
    assert _numbers(mine.buttons) == [taken.number]
    assert "Исполнитель: Иванов Семён" in mine.buttons


async def test_overdue_queue_shows_the_breached_deadline(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, MANAGER, Role.ADMIN, last_name="Петрова")  # admins manage too
    author = await add_person(bot, AUTHOR, Role.OPERATOR)
    late = await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Горит срок"})
    on_time = await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Ещё успеваем"})
    await _overdue(bot, late.id, by=timedelta(hours=2))
    async with bot.session_factory() as session:
        deadline = await session.scalar(
            select(Ticket.stage_deadline_at).where(Ticket.id == late.id)
        )
    assert deadline is not None
    assert deadline < utcnow()
    settings: Settings = bot.settings

    manager = FakeUser(fake_api, MANAGER, "Мария")
    await manager.send("/queues")
    screen = await manager.expect("Очереди заявок")
    await manager.press("Просроченные (1)", screen)
    overdue = await manager.expect("<b>Просроченные</b>: 1")
    shown = format_moment(deadline, settings.company.tz)
    assert f"⚠️ <b>№ {late.number}</b> · Горит срок · Новая · Обычная · до {shown}" in overdue.text
    assert overdue.buttons[0] == f"⚠️ № {late.number} · Горит срок"
    assert f"№ {on_time.number}" not in overdue.text

    await manager.press(f"⚠️ № {late.number} · Горит срок", overdue)
    card = await manager.expect(f"Заявка № {late.number}</b>")
    assert "просрочено" in card.text

    await manager.press("✖️ Закрыть", overdue)
    await manager.api.wait_for(lambda: not manager.messages[-2].buttons or None)
    assert manager.messages[-2].message_id == overdue.message_id


async def _sweep(bot: BotHarness) -> None:
    assert bot.runtime is not None
    await sweep_deadlines(bot.session_factory, bot.settings)
    bot.runtime.delivery.wake()


async def test_breach_notice_opens_and_assigns(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, MANAGER, Role.MANAGER, last_name="Петрова")
    author = await add_person(bot, AUTHOR, Role.OPERATOR)
    ivanov = await add_person(bot, EXECUTOR, Role.EXECUTOR, last_name="Иванов")
    kuznetsov = await add_person(bot, OTHER_EXECUTOR, Role.EXECUTOR, last_name="Кузнецов")
    ticket = await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Сломан замок"})
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id == ticket.id).values(assignee_id=ivanov)
        )
    await _overdue(bot, ticket.id, by=timedelta(minutes=5))
    manager = await _start_manager(fake_api)
    executor = FakeUser(fake_api, EXECUTOR, "Иван")

    await _sweep(bot)
    notice = await manager.expect(
        f"Заявка №{ticket.number} «Сломан замок»: срок этапа «Новая» истёк"
    )
    assert notice.buttons == ["📄 Открыть", "👤 Назначить"]
    told = await executor.expect(f"Заявка №{ticket.number} «Сломан замок»: срок этапа")
    assert told.buttons == ["📄 Открыть"]  # an executor may not assign

    # The executor forges the managers' button: refused, nothing shown, nothing changed.
    answer = await executor.press_data(notice.button_data("👤 Назначить") or "", told)
    assert answer.get("show_alert")
    assert "руководител" in answer["text"]
    await executor.press("📄 Открыть", told)
    await executor.expect(f"Заявка № {ticket.number}</b>")
    assert not any("Кого назначить" in text for text in executor.texts())

    await manager.press("📄 Открыть", notice)
    await manager.expect(f"Заявка № {ticket.number}</b>")
    await manager.press("👤 Назначить", notice)
    picker = await manager.expect(f"Кого назначить на заявку № {ticket.number}")
    label = next(b for b in picker.buttons if b.startswith("Кузнецов"))
    await manager.press(label, picker)
    await manager.expect(f"Заявка № {ticket.number} назначена: Кузнецов")
    async with bot.session_factory() as session:
        row = await session.get(Ticket, ticket.id)
        assert row is not None
        assert row.assignee_id == kuznetsov


async def test_warning_about_an_unassigned_ticket_offers_assignment(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, MANAGER, Role.MANAGER, last_name="Петрова")
    author = await add_person(bot, AUTHOR, Role.OPERATOR)
    ticket = await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Скоро срок"})
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket.id)
            .values(
                stage_deadline_at=utcnow() + timedelta(hours=1),
                stage_warn_at=utcnow() - timedelta(minutes=1),
            )
        )
    manager = await _start_manager(fake_api)
    await _sweep(bot)
    warning = await manager.expect(
        f"Заявка №{ticket.number} «Скоро срок»: срок этапа «Новая» истекает"
    )
    assert warning.buttons == ["📄 Открыть", "👤 Назначить"]
    await manager.press("👤 Назначить", warning)
    await manager.expect("Нет ни одного активного исполнителя")


async def test_non_managers_get_no_queues(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, MANAGER, Role.MANAGER, last_name="Петрова")
    await add_person(bot, EXECUTOR, Role.EXECUTOR, last_name="Иванов")
    author = await add_person(bot, AUTHOR, Role.OPERATOR)
    await make_ticket(bot, author, {**DEFAULT_VALUES, "description": "Секретная тема"})
    manager = await _start_manager(fake_api)
    await manager.press("📋 Очереди")
    screen = await manager.expect("Очереди заявок")
    await manager.press("Без исполнителя (1)", screen)
    listing = await manager.expect("<b>Без исполнителя</b>: 1")

    executor = FakeUser(fake_api, EXECUTOR, "Иван")
    await executor.send("/start")
    menu: BotMessage = await executor.expect("Ваши роли")
    assert "📋 Очереди" not in menu.buttons
    # The menu entry, a queue button and a row button of the manager's screen, forged.
    forged = [
        "menu:queues",
        screen.button_data("Открытые (1)") or "",
        listing.button_data(listing.buttons[0]) or "",
    ]
    for data in forged:
        answer = await executor.press_data(data, menu)
        assert answer.get("show_alert"), data
        assert "Секретная" not in answer.get("text", "")
    await executor.send("/queues")
    await executor.send("/start")
    await executor.expect("Ваши роли")
    assert not any("Очереди заявок" in t or "Секретная" in t for t in executor.texts())
    async with bot.session_factory() as session:
        sent = await session.scalars(
            select(OutgoingMessage.text).where(OutgoingMessage.chat_id == EXECUTOR)
        )
        assert not any("Очереди" in (text or "") or "Секретная" in (text or "") for text in sent)
