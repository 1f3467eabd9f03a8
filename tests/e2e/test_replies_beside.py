"""What shows a person nothing new (the button's spinner stopped, the keyboard taken off the
previous step's message) goes beside the step's answer, never in front of it."""

from __future__ import annotations

import asyncio

from db.models import Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form
from tests.harness import BotHarness
from tests.tickets.conftest import add_person


async def _at_the_flat_step(fake_api: FakeBotAPI, bot: BotHarness, telegram_id: int) -> FakeUser:
    """An operator who has typed the address of a new form: the flat is asked, with buttons."""
    await add_person(bot, telegram_id, Role.OPERATOR)
    operator = FakeUser(fake_api, telegram_id, "Ольга")
    await operator.send("/new")
    await operator.expect("<b>Адрес</b>")
    await operator.send("ул. Садовая, д. 10")
    await operator.expect("<b>Квартира / помещение</b>")
    return operator


async def test_the_next_step_comes_while_the_old_keyboard_is_still_being_taken_off(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 940, Role.OPERATOR)
    operator = FakeUser(fake_api, 940, "Ольга")
    await operator.send("/new")
    first = await operator.expect("<b>Адрес</b>")
    assert first.buttons

    fake_api.hold_method("editMessageReplyMarkup")
    await operator.send("ул. Садовая, д. 10")
    # The next question arrives although taking the keyboard off the first one hangs.
    await operator.expect("<b>Квартира / помещение</b>", timeout=5)
    await fake_api.wait_for(lambda: fake_api.held.is_set() or None, 5)
    assert first.buttons, "the old keyboard is still there while its removal hangs"

    fake_api.release_method("editMessageReplyMarkup")
    await fake_api.wait_for(lambda: not first.buttons or None, 10)


async def test_an_edit_comes_while_the_callback_answer_hangs(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    operator = await _at_the_flat_step(fake_api, bot, 941)

    fake_api.hold_method("answerCallbackQuery")
    # The press is over for the person's app once the callback is answered.
    pressing = asyncio.create_task(operator.press("⏭ Пропустить"))
    await operator.expect("<b>Подъезд</b>", timeout=5)
    await fake_api.wait_for(lambda: fake_api.held.is_set() or None, 5)
    assert not pressing.done()
    fake_api.release_method("answerCallbackQuery")
    await asyncio.wait_for(pressing, 10)


async def test_create_answers_its_button_once(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 942, Role.OPERATOR)
    operator = FakeUser(fake_api, 942, "Ольга")
    await fill_default_form(operator)
    before = len(fake_api.calls_of("answerCallbackQuery"))
    await operator.press("✅ Создать")
    await operator.expect("создана")
    await operator.expect("Что дальше")
    answers = fake_api.calls_of("answerCallbackQuery")[before:]
    # One answer: a second one for the same query is refused by Telegram.
    assert len(answers) == 1, answers


async def test_a_dialogue_button_its_handler_answers_is_answered_once(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    operator = await _at_the_flat_step(fake_api, bot, 943)
    before = len(fake_api.calls_of("answerCallbackQuery"))
    # The handler answers the press, and aiogram-dialog answers every press after it.
    await operator.press("✖️ Отмена")
    await operator.expect("Отменить заполнение?")
    await asyncio.sleep(0.3)  # a second answer would follow the step's message
    assert len(fake_api.calls_of("answerCallbackQuery")[before:]) == 1
