"""Dispatch: notices short enough to read (the whole card on «📄 Открыть», split between
fields), the buttons that end a ticket named by their consequence and behind «Ещё…» with a
confirmation, and a ticket made from a resident's forwarded message."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from bot.views.long_text import MESSAGE_LIMIT
from db.models import Role, Ticket
from services.fields import FieldType
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, started_bot, ticket_row
from tests.work.test_long_texts import long_text, received_until, valid_chunk

MARKER = "КОНЕЦ-ОПИСАНИЯ-9X"
ADDRESS = "ул. Садовая, д. 10, кв. 5"
REFUSE = "🙅 Не возьму — вернуть диспетчеру"
REJECT = "⛔ Закрыть без выполнения"


def _words(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _assert_notice(notice: BotMessage, description: str) -> None:
    text = _words(notice.text)
    assert len(notice.text) <= MESSAGE_LIMIT
    assert "№ 1" in text
    assert ADDRESS in text
    assert "Электрика" in text  # category
    assert "Аварийная" in text  # priority
    opening = " ".join(description.split())[:200]
    assert opening in text, "the opening of the description"
    assert MARKER not in text, "not the whole description"
    assert "…" in text
    assert "📄 Открыть" in notice.buttons


async def test_notices_are_short_and_open_shows_the_whole_card_split_between_fields(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "manual"})
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor, manager = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 201, "Р")
        description = long_text(3800, MARKER)
        await create_ticket(
            bot, author_id, description=description, address=ADDRESS, priority="Аварийная"
        )

        waiting = await manager.expect("ждёт назначения")
        _assert_notice(waiting, description)
        assert "👤 Назначить" in waiting.buttons
        await manager.press("👤 Назначить", waiting)
        picker = await manager.expect("Кого назначить")
        await manager.press(next(b for b in picker.buttons if "Электриков" in b), picker)

        assigned = await executor.expect("Вам назначена заявка № 1")
        _assert_notice(assigned, description)
        assert {"✅ Принять", REFUSE} <= set(assigned.buttons)

        since = len(executor.messages)
        await executor.press("📄 Открыть", assigned)
        card = await received_until(executor, since, text=MARKER)
        assert len(card) >= 2
        for message in card:
            assert len(message.text) <= MESSAGE_LIMIT
            assert valid_chunk(message.text)
            # A label is never left at the end of a message with its value in the next one.
            assert not message.text.rstrip().endswith("</b>:"), message.text[-60:]
        joined = _words("\n".join(m.text for m in card))
        assert " ".join(description.split()) in joined
        assert ADDRESS in joined
        assert "✅ Принять" in card[-1].buttons
    finally:
        await bot.stop()


async def _wait_for_button(api: FakeBotAPI, message: BotMessage, label: str) -> None:
    await api.wait_for(lambda: label in message.buttons or None)


async def test_reject_is_behind_more_and_asks_before_the_reason(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url, assignment={"mode": "auto_round_robin"})
    try:
        await add_person(bot, 301, "Электриков", [Role.EXECUTOR])
        author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
        executor = FakeUser(fake_api, 301, "И")
        ticket_id = await create_ticket(bot, author_id)
        card = await executor.expect("Вам назначена заявка № 1")
        assert REFUSE in card.buttons
        assert "Ещё…" in card.buttons
        assert REJECT not in card.buttons
        assert "⛔ Отклонить" not in card.buttons

        # «Ещё…» opens the moves that end the ticket in place, on the same message.
        await executor.press("Ещё…", card)
        await _wait_for_button(fake_api, card, REJECT)
        assert "Ещё…" not in card.buttons
        assert "✅ Принять" in card.buttons

        await executor.press(REJECT, card)
        question = await executor.expect(
            "Закрыть заявку № 1 без выполнения? Автор заявки получит уведомление с причиной."
        )
        assert question.buttons == ["Да, закрыть", "Назад"]
        await executor.press("Назад", question)
        await executor.expect("Заявка № 1 не закрыта")
        kept = await ticket_row(bot, ticket_id)
        assert (kept.stage_key, kept.closed_at) == ("new", None)

        await executor.press(REJECT, card)
        question = await executor.expect("без выполнения? Автор заявки получит уведомление")
        await executor.press("Да, закрыть", question)
        await executor.expect("Почему заявка № 1 отклоняется?")
        assert (await ticket_row(bot, ticket_id)).stage_key == "new"  # not before the reason
        await executor.send("Дом обслуживает другая УК")
        await executor.expect("Заявка № 1 отклонена")
        rejected = await ticket_row(bot, ticket_id)
        assert rejected.stage_key == "rejected"
        assert rejected.closed_at is not None
    finally:
        await bot.stop()


async def _fill_missing(bot: BotHarness, user: FakeUser, given: set[str]) -> BotMessage:
    """Answer whatever required field the dialogue asks until the summary."""
    async with bot.session_factory() as session:
        _, field_set = await current_fields(session)
    answers = {
        FieldType.TEXT: "ул. Садовая, д. 10",
        FieldType.LONG_TEXT: "текст",
        FieldType.NUMBER: "5",
        FieldType.PHONE: "+7 921 000-00-00",
        FieldType.DATE: "31.12.2030",
        FieldType.DATETIME: "31.12.2030 10:00",
    }
    asked: set[str] = set()
    for _ in range(12):
        shown = user.last
        if "Проверьте заявку" in shown.text:
            assert not asked & given, "a prefilled field was asked again"
            return shown
        field = next(
            (
                f
                for f in field_set.active_fields
                if f.label in shown.text and f.key not in asked and f.key not in given
            ),
            None,
        )
        assert field is not None, (asked, user.texts()[-4:])
        asked.add(field.key)
        before = shown.text
        if field.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            await user.press(field.choices[0], shown)
        elif field.type is FieldType.YES_NO:
            await user.press("Да", shown)
        else:
            await user.send(answers[field.type])
        await user.api.wait_for(lambda asked_with=before: user.last.text != asked_with or None)
    raise AssertionError(f"never reached the summary: {user.texts()[-3:]}")


async def test_a_forwarded_message_becomes_a_ticket(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    bot = await started_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 401, "Диспетчерова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 401, "Д")
        text = "Течёт кран на кухне, кв 5, тел 8 921 555 01 01"
        await operator.forward(text, sender_name="Иванова Мария")
        offer = await operator.expect("Создать заявку из этого сообщения?")
        assert "Я не понял" not in offer.text
        assert "Иванова Мария" in offer.text
        assert "+7 921 555-01-01" in offer.text
        pressed = offer.button_data("📝 Создать заявку из сообщения") or ""
        await operator.press_data(pressed, offer)
        await operator.next_event()
        summary = await _fill_missing(bot, operator, {"description", "client", "phone"})
        assert text in _words(summary.text)
        assert "Иванова Мария" in summary.text
        assert "+7 921 555-01-01" in summary.text
        await operator.press("✅ Создать", summary)
        await operator.expect("Заявка № 1")
        async with bot.session_factory() as session:
            ticket = await session.scalar(select(Ticket))
        assert ticket is not None
        assert ticket.values["description"] == text
        assert ticket.values["client"] == "Иванова Мария"
        assert ticket.values["phone"] == "+7 921 555-01-01"

        # A stale offer (pressed again) changes nothing and says what to do.
        alert = await operator.press_data(pressed, operator.last)
        assert "устарело" in alert["text"]
    finally:
        await bot.stop()


async def test_long_pasted_text_gets_the_offer_and_a_short_address_is_still_searched(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = await started_bot(fake_api, sqlite_url)
    try:
        await add_person(bot, 401, "Диспетчерова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 401, "Д")
        await operator.send(
            "Здравствуйте! В подъезде третий день не горит свет на 4 этаже, дети боятся"
        )
        offer = await operator.expect("Создать заявку из этого сообщения?")
        assert offer.buttons == ["📝 Создать заявку из сообщения"]
        await operator.send("Садовая 10")
        found = await operator.next_event()
        assert "Создать заявку из этого сообщения" not in found.text
    finally:
        await bot.stop()
