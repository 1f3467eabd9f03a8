"""Automatic assignment through the running bot: least loaded with its documented tie-break
(next after the last assignee, by staff id), people away skipped, and the category→position
mapping (only electricians get "Электрика"; nobody fits → managers are told)."""

from __future__ import annotations

from db.models import Role, Ticket
from services.work.assignment import assign
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, events, started_bot, ticket_row


async def _give(bot: BotHarness, ticket_id: int, person_id: int) -> None:
    async with bot.session_factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await assign(session, ticket, person_id, actor_id=None, mode="manual")


async def test_least_loaded_ties_and_availability(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await started_bot(
        fake_api,
        sqlite_url,
        assignment={"mode": "auto_least_loaded", "modes_by_category": {"Сантехника": "manual"}},
    )
    try:
        first = await add_person(bot, 301, "Альфа", [Role.EXECUTOR])
        busy = await add_person(bot, 302, "Бета", [Role.EXECUTOR])
        away = await add_person(bot, 303, "Вега", [Role.EXECUTOR], available=False)
        last = await add_person(bot, 304, "Гамма", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        assert first < busy < away < last
        # "Бета" already has two open tickets (plumbing is assigned by hand).
        for _ in range(2):
            await _give(bot, await create_ticket(bot, author_id, category="Сантехника"), busy)

        winners = [
            (await ticket_row(bot, await create_ticket(bot, author_id))).assignee_id
            for _ in range(3)
        ]
        # 1st: Альфа and Гамма tie at 0 (Вега is away) -> the lowest id, Альфа.
        # 2nd: after Альфа comes Бета (2), Гамма (0), Альфа (1) -> Гамма (round robin: Бета).
        # 3rd: after Гамма: Альфа (1), Бета (2), Гамма (1) -> the tie goes to Альфа.
        assert winners == [first, last, first]
        assert away not in winners
        await FakeUser(fake_api, 304, "Г").expect("Вам назначена заявка № 4")
        alfa = FakeUser(fake_api, 301, "А")
        await alfa.expect("Вам назначена заявка № 3")
        await alfa.expect("Вам назначена заявка № 5")
        assert not any("Вам назначена" in t for t in FakeUser(fake_api, 303, "В").texts())
        modes = [e.data.get("mode") for e in await events(bot, 5) if e.kind == "assigned"]
        assert modes == ["auto_least_loaded"]
    finally:
        await bot.stop()


async def test_category_maps_to_positions(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await started_bot(
        fake_api,
        sqlite_url,
        assignment={
            "mode": "auto_round_robin",
            "positions_by_category": {"Электрика": ["Электрик"], "Вентиляция": ["Вентиляционщик"]},
        },
    )
    try:
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        plumber = await add_person(bot, 301, "Трубов", [Role.EXECUTOR], position="Сантехник")
        sparks = [
            await add_person(bot, 302 + i, f"Искров{i}", [Role.EXECUTOR], position=" электрик ")
            for i in range(2)
        ]
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        assigned = [
            (await ticket_row(bot, await create_ticket(bot, author_id))).assignee_id
            for _ in range(3)
        ]
        assert assigned == [sparks[0], sparks[1], sparks[0]]  # never the plumber
        assert plumber not in assigned
        # Any category not listed accepts any position: the plumber is in the rotation.
        other = await create_ticket(bot, author_id, category="Прочее")
        assert (await ticket_row(bot, other)).assignee_id == plumber

        # Nobody fits "Вентиляция": the ticket stays unassigned and managers are told.
        manager = FakeUser(fake_api, 201, "Р")
        vent = await create_ticket(bot, author_id, category="Вентиляция")
        notice = await manager.expect("Не найден свободный исполнитель для категории «Вентиляция»")
        assert "Заявка № 5" in notice.text
        assert (await ticket_row(bot, vent)).assignee_id is None
        assert all("Вентиляция" not in t for t in FakeUser(fake_api, 301, "Т").texts())
    finally:
        await bot.stop()
