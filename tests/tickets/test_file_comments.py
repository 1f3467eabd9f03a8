"""A file added as a comment reaches the other side as the file itself, with its caption and
«📄 Открыть»; the history names it by kind when it has no name; a blank comment is refused."""

from __future__ import annotations

from sqlalchemy import select, update

from db.models import Role, Ticket, TicketEvent
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.tickets.conftest import DEFAULT_VALUES, add_person, make_ticket


async def test_a_captioned_photo_reaches_the_executor_as_a_photo(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, 800, Role.OPERATOR, last_name="Операторова")
    executor = await add_person(bot, 810, Role.EXECUTOR)
    ticket = await make_ticket(bot, author, DEFAULT_VALUES)
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Ticket).where(Ticket.id == ticket.id).values(assignee_id=executor)
        )
    op = FakeUser(fake_api, 800, "Ольга")
    worker = FakeUser(fake_api, 810, "Иван")
    await op.send(f"/t {ticket.number}")
    card = await op.expect(f"Заявка № {ticket.number}")

    await op.press("💬 Комментарий", card)
    await op.expect("Напишите комментарий")
    await op.send("\u2800")  # looks blank: not a comment
    await op.expect("В комментарии нет текста")
    sent = fake_api.new_file("leak.jpg", b"\xff\xd8jpeg")
    photo = [{"file_id": sent.file_id, "file_unique_id": sent.file_id, "width": 9, "height": 9}]
    message = op._message(photo=photo, caption="Фото от жильца: течёт <b>стояк</b>")
    await fake_api.push_update({"message": message})
    await op.expect("Файл добавлен")

    got = await worker.expect("добавил(а) файл к заявке № 1")
    assert got.photo is not None
    assert got.photo.file_id == sent.file_id
    assert "Подпись: Фото от жильца: течёт &lt;b&gt;стояк&lt;/b&gt;" in got.text
    assert got.buttons == ["📄 Открыть № 1"]

    await op.send(f"/t {ticket.number}")
    card = await op.expect(f"Заявка № {ticket.number}")
    await op.press("📜 История", card)
    history = await op.expect("История заявки № 1")
    assert "📎 фото" in history.text
    async with bot.session_factory() as session:
        texts = list(
            await session.scalars(
                select(TicketEvent.text)
                .where(TicketEvent.kind == "comment")
                .order_by(TicketEvent.id)
            )
        )
    assert texts == ["Фото от жильца: течёт <b>стояк</b>"]  # the blank one was not kept
