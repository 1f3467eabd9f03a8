"""Walking the default (housing company) ticket form as a person does, for end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.bot_api import BotMessage
from tests.fakes.users import FakeUser


@dataclass(frozen=True)
class DefaultForm:
    address: str = "ул. Садовая, д. 10"
    flat: str = "5"
    client: str = "Иванова Мария"
    phone: str = "+7 921 555-01-01"
    category: str = "Сантехника"
    priority: str = "Обычная"
    description: str = "Течёт кран на кухне"


async def fill_default_form(user: FakeUser, form: DefaultForm = DefaultForm()) -> BotMessage:
    """From /new to the summary («Проверьте заявку»), which is returned; 10 steps."""
    await user.send("/new")
    await user.expect("Шаг 1 из 10")
    await user.send(form.address)
    await user.expect("Квартира / помещение")
    await user.send(form.flat)
    await user.expect("Подъезд")
    await user.press("⏭ Пропустить")
    await user.expect("ФИО заявителя")
    await user.send(form.client)
    await user.expect("Телефон заявителя")
    await user.send(form.phone)
    await user.expect("Категория")
    await user.press(form.category)
    await user.expect("Приоритет")
    await user.press(form.priority)
    await user.expect("Что случилось")
    await user.send(form.description)
    await user.expect("Фото")
    await user.press("⏭ Пропустить")
    await user.expect("Желаемое время")
    await user.press("⏭ Пропустить")
    return await user.expect("Проверьте заявку")
