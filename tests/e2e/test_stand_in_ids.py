"""A reply held until the commit gives the handler a stand-in message id; a new message's is
replaced by the real id once it is sent, while an edit keeps the id of the message it edits
from the start, so the dialogue state needs no second write. When that message is gone, the
edit comes as a new message and the dialogue goes on from it."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from db.models import FsmRecord, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.statements import executed
from tests.tickets.conftest import add_person


def _record_rewrites(statements: list[str]) -> int:
    """The delivery recorder's reads of one dialogue record by key, to write real ids in (an
    update reads a chat's records together, ``IN (...)``)."""
    return sum(
        1 for s in statements if s.lstrip().startswith("SELECT fsm_records.") and " IN " not in s
    )


async def _last_message_ids(bot: BotHarness) -> list[int]:
    async with bot.session_factory() as session:
        records = await session.scalars(select(FsmRecord).where(FsmRecord.key.contains(":840:")))
        return [r.data["last_message_id"] for r in records if "last_message_id" in r.data]


async def _operator_in_form(fake_api: FakeBotAPI, bot: BotHarness) -> FakeUser:
    """An operator who has just started a new ticket (its first field asked)."""
    await add_person(bot, 840, Role.OPERATOR)
    op = FakeUser(fake_api, 840, "Ада")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    return op


async def test_an_edit_keeps_the_real_id_and_a_new_message_gets_its_own(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    op = await _operator_in_form(fake_api, bot)

    with executed(bot) as typed:  # a typed answer: the next field comes as a new message
        await op.send("ул. Садовая, д. 10")
        asked = await op.expect("Квартира / помещение")
        await asyncio.sleep(0.3)  # the recorder's next batch
    assert _record_rewrites(typed) == 1
    assert await _last_message_ids(bot) == [asked.message_id]

    await op.send("12")
    asked = await op.expect("Подъезд")
    await asyncio.sleep(0.3)
    with executed(bot) as pressed:  # a press: the same message is edited
        await op.press("⏭ Пропустить")
        edited = await op.expect("ФИО заявителя")
        await asyncio.sleep(0.3)
    assert edited.message_id == asked.message_id
    assert _record_rewrites(pressed) == 0
    assert await _last_message_ids(bot) == [asked.message_id]


async def test_a_press_on_a_message_gone_meanwhile_shows_the_next_step_anew(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    op = await _operator_in_form(fake_api, bot)
    await op.send("ул. Садовая, д. 10")
    await op.expect("Квартира / помещение")
    await op.send("12")
    entrance = await op.expect("Подъезд")

    entrance.deleted = True  # the person deleted the bot's message as the press went out
    await op.press("⏭ Пропустить", message=entrance)
    shown = await op.expect("ФИО заявителя")
    assert shown.message_id != entrance.message_id
    await op.send("Иванова Мария")
    await op.expect("Телефон заявителя")
    await op.send("89215550101")
    await op.expect("Категория")
    await op.press("Электрика")
    priority = await op.expect("Приоритет")
    await op.press("Срочная")
    assert (await op.expect("Что случилось")).message_id == priority.message_id
