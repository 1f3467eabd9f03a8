"""The yardstick for ``bench_dialogue.py``: a bare aiogram bot (MemoryStorage, aiogram's own
polling, no database) that walks the same ticket form and answers with the same words.

Run: .venv/bin/python bench/bare_bot.py TOKEN API_BASE
"""

from __future__ import annotations

import asyncio
import sys

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

# (data key, question, buttons or None for a typed answer): the default housing form.
SKIP = ["⏭ Пропустить"]
STEPS: list[tuple[str, str, list[str] | None]] = [
    ("address", "Шаг 1 из 10\n<b>Адрес</b>", None),
    ("flat", "Шаг 2 из 10\n<b>Квартира / помещение</b>", SKIP),
    ("entrance", "Шаг 3 из 10\n<b>Подъезд</b>", SKIP),
    ("client", "Шаг 4 из 10\n<b>ФИО заявителя</b>", None),
    ("phone", "Шаг 5 из 10\n<b>Телефон заявителя</b>", None),
    ("category", "Шаг 6 из 10\n<b>Категория</b>", ["Сантехника", "Электрика", "Лифт", "Прочее"]),
    ("priority", "Шаг 7 из 10\n<b>Приоритет</b>", ["Плановая", "Обычная", "Срочная"]),
    ("description", "Шаг 8 из 10\n<b>Что случилось</b>", None),
    ("attachments", "Шаг 9 из 10\n<b>Фото</b>", SKIP),
    ("due", "Шаг 10 из 10\n<b>Желаемое время</b>", SKIP),
]
SUMMARY = "<b>Проверьте заявку</b>"


def _keyboard(labels: list[str]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=label, callback_data=f"v:{label}")] for label in labels]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _ask(step: int, state: FSMContext, message: Message, *, edit: bool) -> None:
    await state.update_data(step=step)
    if step >= len(STEPS):
        data = await state.get_data()
        text = SUMMARY + "\n" + "\n".join(f"{k}: {data.get(k, '—')}" for k, *_ in STEPS)
        markup = _keyboard(["✅ Создать", "✖️ Отмена"])
    else:
        _key, text, labels = STEPS[step]
        markup = _keyboard(labels) if labels else None
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def start_form(message: Message, state: FSMContext) -> None:
    await state.set_data({"number": (await state.get_data()).get("number", 0)})
    await _ask(0, state, message, edit=False)


async def typed(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    step = data.get("step")
    if step is None or step >= len(STEPS) or STEPS[step][2] is not None:
        await message.answer("Нажмите кнопку.")
        return
    await state.update_data({STEPS[step][0]: message.text})
    await _ask(step + 1, state, message, edit=False)


async def pressed(callback: CallbackQuery, state: FSMContext) -> None:
    assert callback.data is not None
    assert isinstance(callback.message, Message)
    value = callback.data.removeprefix("v:")
    data = await state.get_data()
    step = data.get("step", 0)
    await callback.answer()
    if value == "✅ Создать":
        number = data.get("number", 0) + 1
        await state.set_data({"number": number})
        await callback.message.edit_reply_markup(reply_markup=None)
        await callback.message.answer(f"✅ Заявка <b>№ {number}</b> создана.")
        return
    await state.update_data({STEPS[step][0]: value})
    await _ask(step + 1, state, callback.message, edit=True)


async def main(token: str, api_base: str) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
    bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    dispatcher = Dispatcher(storage=MemoryStorage())
    dispatcher.message.register(start_form, Command("new"))
    dispatcher.message.register(typed, F.text)
    dispatcher.callback_query.register(pressed, F.data.startswith("v:"))
    await dispatcher.start_polling(bot, polling_timeout=5, handle_signals=True)


if __name__ == "__main__":
    # The same event loop as the service's (uvloop where installed): the comparison is about
    # what the service adds, not about the loop.
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    else:
        uvloop.run(main(sys.argv[1], sys.argv[2]))
