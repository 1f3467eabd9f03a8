"""Executor import end to end: preview, confirm, re-import, error workbook, idempotency."""

from __future__ import annotations

from sqlalchemy import select

from db.models import StaffUpload
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness
from tests.staff.conftest import (
    HEADER,
    SAMPLE,
    add_person,
    imported,
    person,
    read_xlsx,
    user,
    xlsx,
)


async def test_admin_imports_the_sample_and_reimport_changes_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    assert "📤 Загрузить исполнителей" in menu.buttons
    await admin.press("📤 Загрузить исполнителей", menu)
    await admin.expect("Отправьте сюда выгрузку")

    await admin.upload("executors.xlsx", SAMPLE.read_bytes())
    preview = await admin.expect("Проверка файла «executors.xlsx»")
    assert "Будет добавлено: 30" in preview.text
    assert "Строк с ошибками (будут пропущены): 0" in preview.text
    assert "Строки с ошибками будут пропущены" not in preview.text  # there are none
    assert preview.buttons == ["✅ Импортировать", "✖️ Отмена"]
    assert await imported(bot) == []  # the preview writes nobody

    import_data = preview.button_data("✅ Импортировать")
    assert import_data is not None
    pressed = await admin.press("✅ Импортировать", preview)
    assert pressed.get("text") is None, pressed
    await admin.expect("Импорт выполнен. Добавлено: 30, обновлено: 0, отключено: 0")
    found = await imported(bot)
    assert len(found) == 30
    first = next(p for p in found if p.last_name == "Иванов")
    assert (first.first_name, first.patronymic, first.position) == ("Иван", "Иванович", "Инженер")
    assert first.is_active
    assert first.telegram_id is None

    # Pressing again (a double tap, a second admin): nothing happens twice.
    answer = await admin.press_data(import_data, preview)
    assert "уже импортирован" in answer["text"]
    assert len(await imported(bot)) == 30

    await admin.upload("executors.xlsx", SAMPLE.read_bytes())
    again = await admin.expect("Проверка файла")
    assert "Будет добавлено: 0" in again.text
    assert "Без изменений: 30" in again.text
    assert "Изменений нет" in again.text
    assert again.buttons == []
    assert len(await imported(bot)) == 30


async def test_messy_file_preview_error_workbook_and_missing_people(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    stays = await add_person(bot, "Иванов", "Иван", "Инженер", patronymic="Иванович")
    changes = await add_person(bot, "Петров", "Пётр", "Электрик", phone="+79990000000")
    leaves = await add_person(bot, "Уволенный", "Сидор", "Сантехник", patronymic="Сидорович")
    messy = xlsx(
        [
            ["Список исполнителей ООО УК «ИНФОТЕЛЛ»"],
            None,
            ["№ п/п", " ФАМИЛИЯ ", "Имя", "Отчество", "Примечание", "Должность", "Телефон"],
            [1.0, "Иванов", "Иван", "Иванович", "", "Инженер", None],
            [2.0, " Петров\u00a0", "Петр", None, "x", "Электрик", "8 (921) 555-01-01"],
            None,
            [3.0, "Новиков", "Олег", None, None, "Техник", 79215550102.0],
            [4.0, "Сидоров2", "Иван", "Ильич", None, "Инженер", None],
            [5.0, "Козлов", None, None, None, "Инженер", None],
            [6.0, "Орлов", "Юрий", None, None, "Мастер", "12345"],
        ]
    )
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.upload("Выгрузка.xlsx", messy)
    preview = await admin.expect("Проверка файла")
    text = preview.text
    assert "Будет добавлено: 1" in text
    assert "Будет обновлено: 1" in text
    assert "Без изменений: 1" in text
    assert "Строк с ошибками (будут пропущены): 3" in text
    assert "или «Отмена». Строки с ошибками будут пропущены." in text
    assert "Строка 8: В фамилии есть цифры" in text
    assert "Строка 9: Не заполнено имя." in text
    assert "Строка 10: Телефон не распознан" in text
    assert "Нет в файле" in text
    assert "Уволенный Сидор Сидорович — Сантехник" in text
    assert preview.buttons == [
        "✅ Импортировать",
        "✅ Импортировать и отключить отсутствующих (1)",
        "✖️ Отмена",
    ]

    errors = await admin.expect("Строки с ошибками отмечены")
    assert errors.document is not None
    assert errors.document.filename == "Выгрузка — ошибки.xlsx"
    rows = read_xlsx(errors.document.content)
    header = rows[2]
    assert header[-1] == "Ошибка"
    by_row = {number: values for number, values in enumerate(rows, start=1)}
    assert "В фамилии есть цифры" in str(by_row[8][-1])
    assert "Не заполнено имя" in str(by_row[9][-1])
    assert "Телефон не распознан" in str(by_row[10][-1])
    assert by_row[4][-1] is None  # good rows carry no error

    await admin.press("✅ Импортировать и отключить отсутствующих (1)", preview)
    await admin.expect("Добавлено: 1, обновлено: 1, отключено: 1")
    assert (await person(bot, stays)).is_active
    updated = await person(bot, changes)
    assert (updated.first_name, updated.phone) == ("Петр", "+79215550101")
    assert not (await person(bot, leaves)).is_active
    names = {p.last_name for p in await imported(bot)}
    assert names == {"Иванов", "Петров", "Уволенный", "Новиков"}


async def test_a_file_that_only_leaves_people_out_offers_only_their_deactivation(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, "Иванов", "Иван", "Инженер", patronymic="Иванович")
    leaves = await add_person(bot, "Уволенный", "Сидор", "Сантехник")
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.upload("a.xlsx", xlsx([HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"]]))
    preview = await admin.expect("Проверка файла")
    assert "Нажмите «Импортировать»" not in preview.text
    assert "нажмите «⛔ Отключить отсутствующих», или «Отмена»" in preview.text
    assert preview.buttons == ["⛔ Отключить отсутствующих (1)", "✖️ Отмена"]
    await admin.press("⛔ Отключить отсутствующих (1)", preview)
    await admin.expect("отключено: 1")
    assert not (await person(bot, leaves)).is_active


async def test_cancel_and_stale_preview_change_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    first = xlsx([HEADER, [1, "Иванов", "Иван", "Иванович", "Инженер"]])
    await admin.upload("a.xlsx", first)
    preview_a = await admin.expect("Проверка файла «a.xlsx»")
    import_a = preview_a.button_data("✅ Импортировать")
    assert import_a is not None
    await admin.press("✖️ Отмена", preview_a)
    await admin.expect("Импорт отменён")
    answer = await admin.press_data(import_a, preview_a)
    assert "был отменён" in answer["text"]
    assert await imported(bot) == []

    await admin.upload("b.xlsx", first)
    preview_b = await admin.expect("Проверка файла «b.xlsx»")
    await admin.upload("c.xlsx", first)
    preview_c = await admin.expect("Проверка файла «c.xlsx»")
    await admin.press("✅ Импортировать", preview_c)
    await admin.expect("Добавлено: 1")
    # b's preview promised to add Ivanov; he exists now, so that preview is stale.
    await admin.press("✅ Импортировать", preview_b)
    await admin.expect("эта проверка устарела")
    fresh = await admin.expect("Проверка файла «b.xlsx»")
    assert "Без изменений: 1" in fresh.text
    assert len(await imported(bot)) == 1
    async with bot.session_factory() as session:
        uploads = list(await session.scalars(select(StaffUpload).order_by(StaffUpload.id)))
    # a (cancelled), b (stale), c (applied), and the fresh preview of b
    assert [u.applied_at is not None for u in uploads] == [False, False, True, False]
    assert uploads[0].cancelled_at is not None


async def test_preview_survives_a_restart(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.upload("executors.xlsx", SAMPLE.read_bytes())
    preview = await admin.expect("Будет добавлено: 30")
    await bot.restart()
    await admin.press("✅ Импортировать", preview)
    await admin.expect("Добавлено: 30")
    assert len(await imported(bot)) == 30
