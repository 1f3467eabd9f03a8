"""Staff list, card, roles, deactivation, availability and export, end to end."""

from __future__ import annotations

from db.base import utcnow
from db.models import Role, Ticket
from services.tickets.definitions import current_field_set, current_workflow
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness
from tests.staff.conftest import add_person, person, read_xlsx, user, wait_button


async def _tickets(bot: BotHarness, assignee: int, author: int, numbers: dict[int, bool]) -> None:
    """Tickets assigned to ``assignee``: number -> closed."""
    async with bot.session_factory() as session:
        fields = await current_field_set(session)
        flow = await current_workflow(session)
        for number, closed in numbers.items():
            session.add(
                Ticket(
                    number=number,
                    author_id=author,
                    assignee_id=assignee,
                    field_set_version_id=fields.id,
                    workflow_version_id=flow.id,
                    stage_key="in_progress",
                    closed_at=utcnow() if closed else None,
                )
            )
        await session.commit()


async def test_list_search_filters_and_pages(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    for index in range(10):
        await add_person(bot, f"Иванов{'а' * (index + 1)}", "Иван", "Инженер")
    await add_person(bot, "Петров", "Пётр", "Электрик", telegram_id=901, roles=[Role.EXECUTOR])
    await add_person(bot, "Семёнов", "Олег", "Электрик")
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    await admin.press("👥 Сотрудники", menu)
    first = await admin.expect("Сотрудники</b>: 13 (страница 1 из 2)")  # the admin too
    assert first.buttons[:2] == ["Анна 📱", "Иванова Иван — Инженер"]
    assert "▶️" in first.buttons
    assert "◀️" not in first.buttons
    assert "Петров Пётр — Электрик 📱" not in first.buttons  # on page 2
    await admin.press("▶️", first)
    second = await admin.expect("страница 2 из 2")
    assert "Петров Пётр — Электрик 📱" in second.buttons
    assert "Семёнов Олег — Электрик" in second.buttons

    await admin.press("🔍 Поиск по фамилии", second)
    await admin.expect("Введите начало фамилии")
    await admin.send("семе")  # any case, ё = е
    found = await wait_button(admin, "Семёнов Олег — Электрик")
    assert "Сотрудники</b>: 1 " in found.text

    await admin.press("⚙️ Фильтры", found)
    filters = await admin.expect("Фильтры</b>")
    await admin.press("🧹 Сбросить фильтры", filters)
    filters = await wait_button(admin, "Telegram: все")
    await admin.press("Telegram: все", filters)
    filters = await wait_button(admin, "Telegram: привязан")
    await admin.press("Должность: Любая", filters)
    positions = await wait_button(admin, "Электрик")
    await admin.press("Электрик", positions)
    filters = await wait_button(admin, "Должность: Электрик")
    await admin.press("👥 Показать", filters)
    shown = await admin.expect("Сотрудники</b>: 1 ")
    assert shown.buttons[0] == "Петров Пётр — Электрик 📱"
    await admin.press("⚙️ Фильтры", shown)
    filters = await wait_button(admin, "Роль: Любая")
    await admin.press("Роль: Любая", filters)
    roles = await wait_button(admin, "без ролей")
    await admin.press("без ролей", roles)
    filters = await wait_button(admin, "Роль: без ролей")
    await admin.press("👥 Показать", filters)
    await admin.expect("Сотрудники</b>: 0 ")  # linked electricians without roles: none


async def test_role_change_and_manager_is_read_only(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    worker = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=902, roles=[Role.EXECUTOR]
    )
    await add_person(bot, "Главный", "Глеб", "Начальник", telegram_id=903, roles=[Role.MANAGER])
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Пётр — Электрик 📱", listing)
    card = await admin.expect("Открытых заявок: 0")
    assert "Роли: Исполнитель" in card.text
    await admin.press("🎭 Роли", card)
    choice = await wait_button(admin, "⬜ Оператор")
    await admin.press("⬜ Оператор", choice)
    choice = await wait_button(admin, "✅ Оператор")
    await admin.press("💾 Сохранить", choice)
    card = await admin.expect("Роли: Оператор, Исполнитель")
    assert (await person(bot, worker)).role_set == {Role.OPERATOR, Role.EXECUTOR}
    commands = [c["command"] for c in fake_api.commands["chat:902"]]
    assert "new" in commands
    assert "shift" in commands

    manager = user(fake_api, 903, "Глеб")
    await manager.send("/staff")
    listing = await manager.expect("Сотрудники")
    assert "🔗 Приглашения для всех без Telegram" not in listing.buttons
    await manager.press("Петров Пётр — Электрик 📱", listing)
    card = await manager.expect("Открытых заявок")
    assert "🎭 Роли" not in card.buttons
    assert "⛔ Отключить" not in card.buttons
    assert "Телефон" in card.text
    await manager.press("⚪ Снять со смены", card)
    await wait_button(manager, "🟢 Поставить на смену")
    assert (await person(bot, worker)).is_available is False


async def test_deactivation_refuses_at_once_and_tells_managers(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    worker = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=904, roles=[Role.EXECUTOR]
    )
    boss = await add_person(
        bot, "Главный", "Глеб", "Начальник", telegram_id=905, roles=[Role.MANAGER]
    )
    await _tickets(bot, worker, boss, {17: False, 18: True, 21: False})
    admin = user(fake_api, ADMIN_ID, "Анна")
    executor = user(fake_api, 904, "Пётр")
    manager = user(fake_api, 905, "Глеб")
    await executor.send("/start")
    await executor.expect("Ваши роли: Исполнитель")

    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Пётр — Электрик 📱", listing)
    card = await admin.expect("Открытых заявок: 2")
    await admin.press("⛔ Отключить", card)
    confirm = await admin.expect("Отключить сотрудника: <b>Петров Пётр</b>?")
    await admin.press("⛔ Да, отключить", confirm)
    card = await admin.expect("Статус: отключён")
    assert "✅ Включить" in card.buttons
    assert not (await person(bot, worker)).is_active

    notice = await manager.expect("отключён, а у него открытых заявок: 2")
    assert "№17, №21" in notice.text
    assert notice.buttons == ["📄 № 17", "📄 № 21"]  # each a way to its card and «Назначить»
    await manager.press("📄 № 21", notice)
    opened = await manager.expect("Заявка № 21")
    assert "👤 Назначить" in opened.buttons
    await executor.send("/start")
    await executor.expect("Ваш доступ отключён")

    await admin.press("✅ Включить", card)
    await admin.expect("Статус: активен")
    await executor.send("/start")
    await executor.expect("Ваши роли: Исполнитель")


async def test_deactivation_notice_reaches_the_admin_where_nobody_is_a_manager(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    worker = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=904, roles=[Role.EXECUTOR]
    )
    author = await add_person(bot, "Диспетчерова", "Дина", "Диспетчер", telegram_id=907)
    await _tickets(bot, worker, author, {5: False})
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Пётр — Электрик 📱", listing)
    card = await admin.expect("Открытых заявок: 1")
    await admin.press("⛔ Отключить", card)
    confirm = await admin.expect("Отключить сотрудника")
    await admin.press("⛔ Да, отключить", confirm)
    notice = await admin.expect("отключён, а у него открытых заявок: 1 (№5)")
    assert notice.buttons == ["📄 № 5"]


async def test_executor_toggles_own_shift(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    worker = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=906, roles=[Role.EXECUTOR]
    )
    executor = user(fake_api, 906, "Пётр")
    await executor.send("/start")
    menu = await executor.expect("Ваши роли")
    await executor.press("🟢 Моя смена", menu)
    status = await executor.expect("Вы <b>на смене</b>")
    assert status.buttons == ["⚪ Уйти со смены"]
    await executor.press("⚪ Уйти со смены", status)
    await executor.expect("Вы <b>не на смене</b>")
    assert (await person(bot, worker)).is_available is False
    await executor.press("🟢 Выйти на смену")
    await executor.expect("Вы <b>на смене</b>")
    assert (await person(bot, worker)).is_available is True


async def test_export_has_import_columns_roles_status_and_safe_text(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(
        bot, "Иванов", "Иван", '=HYPERLINK("x")', patronymic="Иванович", phone="+79215550101"
    )
    off = await add_person(
        bot, "Петров", "Пётр", "@Электрик", telegram_id=907, roles=[Role.EXECUTOR]
    )
    async with bot.session_factory() as session:
        from db.models import Person

        record = await session.get(Person, off)
        assert record is not None
        record.is_active = False
        await session.commit()
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("📤 Выгрузить в Excel", listing)
    sent = await admin.expect("Список сотрудников:")
    assert sent.document is not None
    rows = read_xlsx(sent.document.content)
    assert rows[0] == (
        "№ пп", "Фамилия", "Имя", "Отчество", "Должность", "Телефон", "Telegram",
        "Роли", "Статус", "Telegram привязан",
    )  # fmt: skip
    by_surname = {row[1]: row for row in rows[1:]}
    assert by_surname["Иванов"][2:] == (
        "Иван", "Иванович", '=HYPERLINK("x")', "+79215550101", None, None, "активен", "нет",
    )  # fmt: skip
    assert by_surname["Петров"][4] == "@Электрик"
    assert by_surname["Петров"][7:] == ("Исполнитель", "отключён", "да")
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(sent.document.content)).active
    formula_cell = sheet.cell(row=rows.index(by_surname["Иванов"]) + 1, column=5)
    assert formula_cell.data_type == "s"  # stored as text, never as a formula
