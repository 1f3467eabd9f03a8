"""The access list («перечень лиц, допущенных к обработке ПДн»): every grant, removal and
deactivation is a period in role_history; admins download them as .xlsx (audited)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
from sqlalchemy import select

from db.models import Role, RoleHistory
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness
from tests.privacy.helpers import audit_entries, details, eventually
from tests.staff.conftest import add_person, user, wait_button

HEADERS = ["ФИО", "Должность", "Роль", "Дата предоставления", "Дата отзыва", "Кто предоставил"]


async def _history(bot: BotHarness, person_id: int) -> list[RoleHistory]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(RoleHistory).where(RoleHistory.person_id == person_id).order_by(RoleHistory.id)
        )
        return list(rows)


async def test_grants_removals_and_deactivation_make_the_access_list(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    worker = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=940, roles=[Role.EXECUTOR]
    )
    opened = await _history(bot, worker)
    assert [(r.role, r.revoked_at) for r in opened] == [("executor", None)]

    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Пётр — Электрик 📱", listing)
    card = await admin.expect("Открытых заявок: 0")
    await admin.press("🎭 Роли", card)
    choice = await wait_button(admin, "⬜ Оператор")
    await admin.press("⬜ Оператор", choice)
    choice = await wait_button(admin, "✅ Исполнитель")
    await admin.press("✅ Исполнитель", choice)  # the executor role is taken away
    choice = await wait_button(admin, "⬜ Исполнитель")
    await admin.press("💾 Сохранить", choice)
    card = await admin.expect("Роли: Оператор")
    history = await eventually(lambda: _history(bot, worker), lambda rows: len(rows) == 2)
    admin_id = history[1].granted_by_id
    assert admin_id is not None
    executor, operator = history
    assert (executor.role, operator.role) == ("executor", "operator")
    assert executor.revoked_at is not None
    assert executor.revoked_by_id == admin_id
    assert operator.revoked_at is None

    await admin.press("⛔ Отключить", card)
    confirm = await admin.expect("Отключить сотрудника")
    await admin.press("⛔ Да, отключить", confirm)
    await admin.expect("Статус: отключён")
    history = await eventually(
        lambda: _history(bot, worker), lambda rows: rows[1].revoked_at is not None
    )
    assert [r.revoked_at is not None for r in history] == [True, True]
    assert history[1].revoked_by_id == admin_id

    await admin.send("/cancel")
    admin.skip_seen()
    await admin.send("/access_list")
    sent = await admin.expect("Перечень лиц, допущенных к обработке персональных данных")
    assert sent.document is not None
    sheet = openpyxl.load_workbook(io.BytesIO(sent.document.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    by_role = {(row[0], row[2]): row for row in rows[1:]}
    assert set(by_role) == {
        ("Анна", "Администратор"),
        ("Петров Пётр", "Исполнитель"),
        ("Петров Пётр", "Оператор"),
    }
    removed = by_role[("Петров Пётр", "Исполнитель")]
    granted = by_role[("Петров Пётр", "Оператор")]
    assert removed[1] == "Электрик"
    assert all(isinstance(value, datetime) for value in (removed[3], removed[4], granted[4]))
    assert removed[3] <= removed[4]
    assert granted[5] == "Анна"  # who granted it
    assert removed[5] == "—"  # from before: nobody recorded
    assert by_role[("Анна", "Администратор")][4] is None  # still open
    audited = await audit_entries(bot, "exported")
    assert details(audited) == [{"what": "access_list", "rows": 3}]

    # The same from the main menu.
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    await admin.press("🛡 Администрирование и ПДн", menu)
    tools = await admin.expect("Администрирование и персональные данные")
    await admin.press("🔒 Перечень допущенных к ПДн", tools)
    again = await admin.expect("Перечень лиц, допущенных")
    assert again.document is not None
    audited = await eventually(lambda: audit_entries(bot, "exported"), lambda e: len(e) == 2)
    assert len(audited) == 2


async def test_access_list_is_for_admins_only(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, "Главный", "Глеб", "Начальник", telegram_id=941, roles=[Role.MANAGER])
    manager = user(fake_api, 941, "Глеб")
    await manager.send("/start")
    menu = await manager.expect("Ваши роли")
    assert "🔒 Перечень допущенных к ПДн" not in menu.buttons
    assert "🛡 Администрирование и ПДн" not in menu.buttons
    answer = await manager.press_data("menu:access_list", menu)
    await manager.send("/access_list")
    await manager.next_event()
    assert all(message.document is None for message in manager.messages)
    assert await audit_entries(bot, "exported") == []
    assert answer is not None
