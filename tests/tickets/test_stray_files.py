"""Input is never lost: a caption becomes the sender's comment, and a file an executor or an
operator sends outside a dialogue is offered to one of their open tickets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.models import Role, Ticket, TicketAttachment, TicketEvent
from services.deadlines.planner import planner_for
from services.fields import FieldType
from services.fields.values import Attachment
from services.tickets import comments
from services.tickets.creation import create_from_values
from services.tickets.events import EventKind
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import VALUES, add_person, create_ticket

EXECUTOR_CHAT, OTHER_CHAT = 501, 502
OFFER = "Добавить к заявке"


async def _assign(bot: BotHarness, ticket_id: int, person_id: int) -> int:
    async with bot.session_factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        ticket.assignee_id = person_id
        return ticket.number


async def _files(bot: BotHarness, ticket_id: int) -> list[str]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(TicketAttachment.file_id).where(TicketAttachment.ticket_id == ticket_id)
        )
        return list(rows)


async def _comments(bot: BotHarness, ticket_id: int) -> list[tuple[str | None, int | None]]:
    async with bot.session_factory() as session:
        rows = await session.execute(
            select(TicketEvent.text, TicketEvent.actor_id)
            .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == EventKind.COMMENT.value)
            .order_by(TicketEvent.id)
        )
        return [(text, actor) for text, actor in rows]


async def _photo(user: FakeUser, caption: str | None = None) -> str:
    sent = user.api.new_file("shield.jpg", b"\xff\xd8jpeg")
    photo = [{"file_id": sent.file_id, "file_unique_id": sent.file_id, "width": 90, "height": 90}]
    extra: dict[str, Any] = {"caption": caption} if caption else {}
    await user.api.push_update({"message": user._message(photo=photo, **extra)})
    return sent.file_id


async def test_executor_file_outside_a_dialogue_goes_to_the_ticket_they_pick(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    author = await add_person(bot, None, "Операторова", [Role.OPERATOR])
    executor = await add_person(bot, EXECUTOR_CHAT, "Монтёров", [Role.EXECUTOR])
    other = await add_person(bot, OTHER_CHAT, "Чужой", [Role.EXECUTOR])
    mine = await create_ticket(bot, author, address="ул. Ленина, 5")
    second = await create_ticket(bot, author, address="ул. Мира, 1")
    theirs = await create_ticket(bot, author, address="ул. Чужая, 9")
    number = await _assign(bot, mine, executor)
    second_number = await _assign(bot, second, executor)
    theirs_number = await _assign(bot, theirs, other)
    user = FakeUser(fake_api, EXECUTOR_CHAT, "Иван")

    file_id = await _photo(user, "Щиток после ремонта")
    offer = await user.expect(OFFER)
    labels = offer.buttons
    assert any(f"№ {number}" in label for label in labels)
    assert any(f"№ {second_number}" in label for label in labels)
    assert not any(f"№ {theirs_number}" in label for label in labels)
    assert "✖️ Не добавлять" in labels
    button = next(label for label in labels if f"№ {number}" in label)

    # Someone else's ticket, forged into the button: refused, nothing attached.
    forged = offer.button_data(button)
    assert forged is not None
    forged = forged.rsplit(":", 1)[0] + f":{theirs}"
    answer = await user.press_data(forged, offer)
    assert answer["text"] == "Заявка не найдена или у вас нет к ней доступа."
    assert await _files(bot, theirs) == []

    await user.press(button, offer)
    await user.expect(f"Файл добавлен к заявке № {number}")
    assert await _files(bot, mine) == [file_id]
    assert await _comments(bot, mine) == [("Щиток после ремонта", executor)]
    # The same button again (the offer lost its buttons): the file is not attached twice.
    again = await user.press_data(offer.button_data(button) or "", offer)
    assert "устарела" in again["text"]
    assert await _files(bot, mine) == [file_id]

    # A voice message, dropped with ✖️: attached nowhere.
    voice = {"file_id": "voice-1", "file_unique_id": "voice-1", "duration": 3}
    await user.api.push_update({"message": user._message(voice=voice)})
    offer = await user.expect(OFFER)
    await user.press("✖️ Не добавлять", offer)
    await user.expect("не добавлен ни к одной заявке")
    assert await _files(bot, mine) == [file_id]
    assert await _files(bot, second) == []

    # A voice message kept: stored as a voice, to be sent back as one.
    await user.api.push_update({"message": user._message(voice=voice)})
    offer = await user.expect(OFFER)
    await user.press(next(label for label in offer.buttons if f"№ {second_number}" in label), offer)
    await user.expect(f"Файл добавлен к заявке № {second_number}")
    async with bot.session_factory() as session:
        kinds = list(
            await session.scalars(
                select(TicketAttachment.kind).where(TicketAttachment.ticket_id == second)
            )
        )
    assert kinds == ["voice"]


async def test_executor_without_open_tickets_is_told_what_to_do(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, EXECUTOR_CHAT, "Монтёров", [Role.EXECUTOR])
    user = FakeUser(fake_api, EXECUTOR_CHAT, "Иван")
    await _photo(user)
    answer = await user.expect("нет открытых заявок")
    assert "💬 Комментарий" in answer.text


async def test_operator_file_outside_a_dialogue_goes_to_a_ticket_they_wrote(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    """A dispatcher gets the resident's photo after the call: it goes to the ticket they made."""
    operator = await add_person(bot, OTHER_CHAT, "Операторова", [Role.OPERATOR])
    colleague = await add_person(bot, None, "Коллегова", [Role.OPERATOR])
    mine = await create_ticket(bot, operator, address="ул. Ленина, 5")
    theirs = await create_ticket(bot, colleague, address="ул. Чужая, 9")
    user = FakeUser(fake_api, OTHER_CHAT, "Ольга")

    file_id = await _photo(user, "Фото протечки от жителя")
    offer = await user.expect(OFFER)
    assert len(offer.buttons) == 2  # their one ticket and «✖️ Не добавлять»
    assert "ул. Ленина, 5" in offer.buttons[0]
    await user.press(offer.buttons[0], offer)
    await user.expect("Файл добавлен к заявке № 1")
    assert await _files(bot, mine) == [file_id]
    assert await _files(bot, theirs) == []
    assert await _comments(bot, mine) == [("Фото протечки от жителя", operator)]


async def test_captions_become_comments_of_the_sender(bot: BotHarness) -> None:
    author = await add_person(bot, None, "Операторова", [Role.OPERATOR])
    ticket_id = await create_ticket(bot, author)
    photo = Attachment("f-1", "photo", "u-1", None, 10, "Протечка под раковиной")
    async with bot.session_factory() as session, session.begin():
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await comments.add_attachment(session, ticket, author, photo)
    assert await _comments(bot, ticket_id) == [("Протечка под раковиной", author)]
    assert await _files(bot, ticket_id) == ["f-1"]
    # The caption travels with the draft's value (JSON) to the ticket's creation.
    assert Attachment.from_value(photo.to_value()) == photo


async def test_a_caption_in_the_creation_dialogue_becomes_the_authors_comment(
    bot: BotHarness,
) -> None:
    author = await add_person(bot, None, "Операторова", [Role.OPERATOR])
    photo = Attachment("f-2", "photo", "u-2", None, 10, "Вид из окна на крышу")
    plain = Attachment("f-3", "photo", "u-3", None, 10)
    async with bot.session_factory() as session, session.begin():
        row, field_set = await current_fields(session)
        files = next(f for f in field_set.fields if f.type is FieldType.ATTACHMENTS)
        values = {**VALUES, files.key: [photo.to_value(), plain.to_value()]}
        ticket = await create_from_values(
            session,
            author_id=author,
            field_set_row=row,
            field_set=field_set,
            values=values,
            planner=planner_for(bot.settings.deadlines),
        )
        ticket_id = ticket.id
    assert await _comments(bot, ticket_id) == [("Вид из окна на крышу", author)]
    assert sorted(await _files(bot, ticket_id)) == ["f-2", "f-3"]
