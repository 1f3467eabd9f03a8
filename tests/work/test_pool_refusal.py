"""A refusal in pool mode: the executor who took a pooled ticket gives it back with a reason.

The ticket goes back to the stage an unassigned ticket waits in (the workflow's initial one,
as at creation) with nobody on it; the other executors are offered it again as returned, with
the reason (not as «Новая заявка»), the refuser is not; the managers get the reason with
«👤 Назначить»; the author hears that the executor refused and a new one is looked for."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Role, TicketOffer
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.work.helpers import add_person, create_ticket, events, started_bot, ticket_row

REFUSE = "🙅 Не возьму — вернуть диспетчеру"
REASON = "Нет инструмента"


async def test_a_pooled_ticket_refused_goes_back_to_new_and_everybody_hears(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "pool"})
    try:
        first_id = await add_person(bot, 301, "Иванов", [Role.EXECUTOR])
        second_id = await add_person(bot, 302, "Петров", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
        first, second = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 302, "П")
        manager, author = FakeUser(fake_api, 201, "Р"), FakeUser(fake_api, 401, "О")
        ticket_id = await create_ticket(bot, author_id)

        await first.press("✋ Взять", await first.expect("🆕 Новая заявка — возьмите её"))
        await second.expect("Заявка № 1 уже взята (Иванов Иван)")
        await author.expect("👷 Заявку № 1 взял(а) в работу: Иванов И.")
        card = await first.expect("Этап: <b>В работе</b>")
        await first.press(REFUSE, card)
        await first.expect("Почему вы отказываетесь от заявки № 1")
        await first.send(REASON)
        await first.expect("Вы отказались от заявки № 1")

        # The database: nobody on it, back in the stage a ticket nobody has waits in.
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.assignee_id, ticket.stage_key, ticket.closed_at) == (None, "new", None)
        log = await events(bot, ticket_id)
        assert [e.kind for e in log] == [
            "created",
            "assigned",
            "stage_changed",
            "refused",
            "stage_changed",
        ]
        refused, back = log[3], log[4]
        assert (refused.actor_id, refused.text, refused.data["person_id"]) == (
            first_id,
            REASON,
            first_id,
        )
        assert (back.actor_id, back.from_stage, back.to_stage) == (first_id, "in_progress", "new")
        async with bot.session_factory() as session:
            pooled = await session.scalars(
                select(TicketOffer.person_id).where(
                    TicketOffer.ticket_id == ticket_id,
                    TicketOffer.kind == "pool",
                    TicketOffer.closed_at.is_(None),
                )
            )
            assert list(pooled) == [second_id]  # offered again, the refuser left out

        # The other executor: offered again as returned, with the reason; the card agrees.
        offer = await second.expect("🔁 Заявка № 1 снова свободна")
        assert f"Иванов Иван отказался(-ась). Причина: {REASON}" in offer.text
        assert "Возьмите её, если можете." in offer.text
        assert "Новая заявка" not in offer.text
        assert "Этап: <b>Новая</b>" in offer.text
        assert offer.buttons == ["📄 Открыть", "✋ Взять"]
        assert not [t for t in first.texts() if "снова свободна" in t]

        # The manager: the reason and «Назначить», as a refusal in the other modes.
        told = await manager.expect(f"Иванов Иван отказался(-ась) от заявки № 1. Причина: {REASON}")
        assert "Заявка снова предложена исполнителям на смене" in told.text
        assert "Этап: <b>Новая</b>" in told.text
        assert told.buttons == ["📄 Открыть", "👤 Назначить"]

        # The author: the executor refused, a new one is looked for; the card says so too.
        heard = await author.expect("🔁 Иванов И. отказался(-ась) от заявки № 1")
        assert "Ищем другого исполнителя" in heard.text
        assert REASON not in heard.text
        assert heard.buttons == ["📄 Открыть"]
        await author.press("📄 Открыть", heard)
        await author.expect("Этап: <b>Новая</b>")

        # The pool settles it as for a new ticket: the other takes it into work; the
        # manager's message now says who took it; the author hears who.
        await second.press("✋ Взять", offer)
        await second.expect("Этап: <b>В работе</b>")
        await manager.expect("Заявка № 1 уже взята (Петров Иван)")
        await author.expect("👷 Заявку № 1 взял(а) в работу: Петров И.")
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.assignee_id, ticket.stage_key) == (second_id, "in_progress")
        assert [e.kind for e in await events(bot, ticket_id)][-2:] == ["assigned", "stage_changed"]
    finally:
        await bot.stop()


async def test_a_refusal_nobody_else_may_take_is_for_the_administrators_without_managers(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """The other executor is off shift, so the pool is empty: the ticket waits for somebody
    to assign it, and with no manager on the staff an administrator is told."""
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "pool"})
    try:
        await add_person(bot, 301, "Иванов", [Role.EXECUTOR])
        await add_person(bot, 302, "Петров", [Role.EXECUTOR], available=False)
        await add_person(bot, 210, "Админов", [Role.ADMIN])
        author_id = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
        first, admin = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 210, "А")
        author, off_shift = FakeUser(fake_api, 401, "О"), FakeUser(fake_api, 302, "П")
        ticket_id = await create_ticket(bot, author_id)
        await first.press("✋ Взять", await first.expect("возьмите её"))
        await first.press(REFUSE, await first.expect("Этап: <b>В работе</b>"))
        await first.send(REASON)
        await first.expect("Вы отказались от заявки № 1")

        told = await admin.expect(f"Иванов Иван отказался(-ась) от заявки № 1. Причина: {REASON}")
        assert "Предложить её больше некому — назначьте исполнителя." in told.text
        assert told.buttons == ["📄 Открыть", "👤 Назначить"]
        await author.expect("🔁 Иванов И. отказался(-ась) от заявки № 1. Ищем другого исполнителя.")
        ticket = await ticket_row(bot, ticket_id)
        assert (ticket.assignee_id, ticket.stage_key) == (None, "new")
        assert not [t for t in first.texts() + off_shift.texts() if "снова свободна" in t]
    finally:
        await bot.stop()
