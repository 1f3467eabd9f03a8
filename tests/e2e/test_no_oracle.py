"""No oracle through buttons or numbers: a ticket that does not exist and someone else's ticket
get the very same answer, a forged "Take" names the taker only to people who may see the
ticket, and strangers pressing any button are told they have no access."""

from __future__ import annotations

from sqlalchemy import update

from bot.views.callbacks import MenuCb, TicketCb, WorkCb
from db.models import Person, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.work.helpers import (
    accepted_ticket,
    add_person,
    create_ticket,
    events,
    started_bot,
    ticket_row,
)

NOT_AVAILABLE = "Заявка не найдена или у вас нет к ней доступа."
NO_ACCESS = "Нет доступа. Чтобы работать с ботом, запросите доступ: /start"
MISSING = 987_654


async def test_missing_and_someone_elses_ticket_answer_alike(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "auto_round_robin"})
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        # Both join after the ticket was routed: nothing was ever offered to them.
        await add_person(bot, 302, "Чужой", [Role.EXECUTOR])
        await add_person(bot, 402, "Сосед", [Role.OPERATOR])
        other_executor, other_operator = FakeUser(fake_api, 302, "И"), FakeUser(fake_api, 402, "О")
        before = (await ticket_row(bot, ticket_id)).version, len(await events(bot, ticket_id))

        def work(action: str, ticket: int, target: str = "") -> str:
            return WorkCb(a=action, t=ticket, s="in_progress", x=target).pack()

        presses = [
            (work("card", ticket_id), work("card", MISSING)),
            (work("history", ticket_id), work("history", MISSING)),
            (work("comment", ticket_id), work("comment", MISSING)),
            (work("refuse", ticket_id), work("refuse", MISSING)),
            (work("move", ticket_id, "rejected"), work("move", MISSING, "rejected")),
            (work("ask", ticket_id, "awaiting_info"), work("ask", MISSING, "awaiting_info")),
            (work("take", ticket_id), work("take", MISSING)),
            (
                TicketCb(action="open", ticket_id=ticket_id).pack(),
                TicketCb(action="open", ticket_id=MISSING).pack(),
            ),
        ]
        for person in (other_executor, other_operator):
            for theirs, missing in presses:
                to_theirs = await person.press_data(theirs, card)
                to_missing = await person.press_data(missing, card)
                assert to_theirs["text"] == to_missing["text"] == NOT_AVAILABLE, theirs
        after = (await ticket_row(bot, ticket_id)).version, len(await events(bot, ticket_id))
        assert after == before
        assert not [t for t in other_executor.texts() if "Напишите" in t or "Заявка № 1" in t]

        # By number: the same words for someone else's ticket and a missing one.
        await other_operator.send("/t 1")
        theirs_text = (await other_operator.expect("Заявка № 1")).text
        await other_operator.send("/t 7")
        missing_text = (await other_operator.expect("Заявка № 7")).text
        assert theirs_text.replace("№ 1", "№ N") == missing_text.replace("№ 7", "№ N")
        assert theirs_text == "Заявка № 1 не найдена или у вас нет к ней доступа."
    finally:
        await bot.stop()


async def test_a_forged_take_names_the_taker_only_to_those_who_may_see_the_ticket(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "pool"})
    try:
        for tid in (301, 302):
            await add_person(bot, tid, f"Исп{tid}", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        winner, loser = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "И")
        manager = FakeUser(fake_api, 201, "Р")
        ticket_id = await create_ticket(bot, author_id)
        offer = await winner.expect("возьмите её")
        loser_offer = await loser.expect("возьмите её")
        take = offer.button_data("✋ Взять")
        assert take is not None
        await winner.press("✋ Взять", offer)
        await winner.expect("Этап: <b>В работе</b>")
        await add_person(bot, 303, "Новичок", [Role.EXECUTOR])  # never offered this ticket
        newcomer = FakeUser(fake_api, 303, "И")

        again = await loser.press_data(take, loser_offer)
        assert again["text"] == "Заявка уже взята другим исполнителем."
        forged = await newcomer.press_data(take, loser_offer)
        missing = WorkCb(a="take", t=MISSING, s="new").pack()
        assert forged["text"] == (await newcomer.press_data(missing, loser_offer))["text"]
        assert forged["text"] == NOT_AVAILABLE
        seen = await manager.press_data(take, loser_offer)  # managers may see every ticket
        assert seen["text"] == "Заявка уже взята (Исп301 Иван)."
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.stage_key, ticket.assignee_id) != ("new", None)
        assert [e.kind for e in await events(bot, ticket_id)].count("assigned") == 1
    finally:
        await bot.stop()


async def test_strangers_pressing_any_button_are_told_they_have_no_access(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "auto_round_robin"})
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id, card = await accepted_ticket(fake_api, bot, executor, author_id)
        stranger = FakeUser(fake_api, 777, "Гость")
        before = (await ticket_row(bot, ticket_id)).version
        for data in (
            WorkCb(a="take", t=ticket_id, s="in_progress").pack(),
            WorkCb(a="move", t=ticket_id, s="in_progress", x="rejected").pack(),
            TicketCb(action="open", ticket_id=ticket_id).pack(),
            MenuCb(item="my_tickets").pack(),
            "nonsense:1",
            "0a1b2c3d\x1dbtn",  # a dialogue's button (aiogram-dialog's intent id and widget)
        ):
            answer = await stranger.press_data(data, card)
            assert answer["text"] == NO_ACCESS, data
        assert (await ticket_row(bot, ticket_id)).version == before

        # Someone deactivated is told so, whatever they press.
        async with bot.session_factory() as session, session.begin():
            await session.execute(
                update(Person).where(Person.telegram_id == 301).values(is_active=False)
            )
        gone = await executor.press_data(
            WorkCb(a="card", t=ticket_id, s="in_progress").pack(), card
        )
        assert gone["text"] == "Ваш доступ отключён. Обратитесь к администратору."
    finally:
        await bot.stop()
