"""Audited actions end to end: each leaves an entry (who, role, action, ticket, result), and
admins read the log in the bot with filters and as .xlsx; nobody else sees it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.base import utcnow
from db.models import AuditEntry, FieldSetVersion, Person, Role, Ticket
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.forms import fill_default_form
from tests.harness import BotHarness
from tests.staff.conftest import HEADER, add_person, read_xlsx, user, wait_button, xlsx

PERSONAL = {"client", "phone", "address", "flat"}


async def _entries(bot: BotHarness) -> list[AuditEntry]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _find(entries: list[AuditEntry], action: str, **expected: Any) -> AuditEntry:
    for entry in entries:
        if entry.action == action and all(getattr(entry, k) == v for k, v in expected.items()):
            return entry
    raise AssertionError(f"no {action} {expected} in {[(e.action, e.actor_id) for e in entries]}")


async def _flag_personal_fields(bot: BotHarness) -> None:
    """The resident's fields carry the personal-data flag (the default once the privacy
    feature's field flag is in; set here so this test does not depend on it)."""
    async with bot.session_factory() as session, session.begin():
        for row in await session.scalars(select(FieldSetVersion)):
            row.definition = [
                {**f, "personal_data": True} if f.get("key") in PERSONAL else dict(f)
                for f in row.definition
            ]


async def _admin_id(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        found = await session.scalar(select(Person.id).where(Person.telegram_id == ADMIN_ID))
        assert found is not None
        return found


async def test_audited_actions_and_the_admin_view(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    op_id = await add_person(
        bot, "Оператова", "Ольга", "Диспетчер", telegram_id=801, roles=[Role.OPERATOR]
    )
    other_id = await add_person(
        bot, "Чужов", "Пётр", "Диспетчер", telegram_id=802, roles=[Role.OPERATOR]
    )
    worker_id = await add_person(
        bot, "Петров", "Пётр", "Электрик", telegram_id=803, roles=[Role.EXECUTOR]
    )
    op, other = user(fake_api, 801, "Ольга"), user(fake_api, 802, "Пётр")
    admin = user(fake_api, ADMIN_ID, "Анна")

    # A ticket is created, then looked at by its author and (refused) by someone else.
    await op.send("/start")
    await op.expect("Ваши роли")
    await fill_default_form(op)
    await op.press("✅ Создать")
    await op.expect("создана")
    async with bot.session_factory() as session:
        ticket = await session.scalar(select(Ticket))
        assert ticket is not None
    number = ticket.number
    await _flag_personal_fields(bot)
    await op.send(f"/t {number}")
    card = await op.expect(f"№ {number}")
    await other.send("/start")
    await other.expect("Ваши роли")
    await other.send(f"/t {number}")
    await other.expect("нет к ней доступа")

    # The author comments: a ticket change.
    comment = next(
        b["callback_data"]
        for row in (card.reply_markup or {})["inline_keyboard"]
        for b in row
        if b["text"] == "💬 Комментарий"
    )
    await op.press_data(comment, card)
    await op.expect("Напишите комментарий")
    await op.send("Жилец просит позвонить заранее")
    await op.expect("Комментарий добавлен")

    # The admin grants a role, deactivates, exports the staff list.
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Петров Пётр — Электрик 📱", listing)
    card = await admin.expect("Открытых заявок")
    await admin.press("🎭 Роли", card)
    choice = await wait_button(admin, "⬜ Оператор")
    await admin.press("⬜ Оператор", choice)
    choice = await wait_button(admin, "✅ Оператор")
    await admin.press("💾 Сохранить", choice)
    card = await admin.expect("Роли: Оператор, Исполнитель")
    await admin.press("⛔ Отключить", card)
    confirm = await admin.expect("Отключить сотрудника")
    await admin.press("⛔ Да, отключить", confirm)
    card = await admin.expect("Статус: отключён")
    await admin.press("✅ Включить", card)
    await admin.expect("Статус: активен")

    entries = await _entries(bot)
    created = _find(entries, "ticket_created", ticket_number=number)
    assert (created.actor_kind, created.actor_id, created.actor_roles) == (
        "person",
        op_id,
        "operator",
    )
    viewed = _find(entries, "card_viewed", actor_id=op_id, result="ok")
    assert viewed.ticket_number == number
    assert set(viewed.details["fields"]) >= PERSONAL
    denied = _find(entries, "card_viewed", actor_id=other_id)
    assert (denied.result, denied.ticket_number, denied.actor_roles) == (
        "denied",
        number,
        "operator",
    )
    changed = _find(entries, "ticket_changed", actor_id=op_id, ticket_number=number)
    assert changed.details == {"event": "comment"}
    admin_id = await _admin_id(bot)
    granted = _find(entries, "role_granted", subject_person_id=worker_id)
    assert (granted.actor_id, granted.actor_roles, granted.details) == (
        admin_id,
        "admin",
        {"role": "operator"},
    )
    _find(entries, "deactivated", actor_id=admin_id, subject_person_id=worker_id)
    _find(entries, "reactivated", actor_id=admin_id, subject_person_id=worker_id)
    # Ids, keys and counts only: no value typed into the ticket or a name.
    dump = repr([(e.details, e.actor_roles) for e in entries])
    for value in ("Иванова", "Садовая", "555", "позвонить", "Петров", "Оператова"):
        assert value not in dump

    # The admin's view: newest first, filters, .xlsx (itself audited as an export).
    await admin.send("/cancel")
    await admin.expect("отменено")
    await admin.send("/audit")
    log = await admin.expect("Журнал аудита")
    assert (
        f"Оператова Ольга (Оператор) · Просмотр карточки заявки · №{number} · ✅ успешно"
        in log.text
    )
    assert f"Чужов Пётр (Оператор) · Просмотр карточки заявки · №{number} · ⛔ отказано" in log.text
    assert log.text.index("Восстановление доступа") < log.text.index("Отключение доступа")
    assert log.text.index("Отключение доступа") < log.text.index("Создание заявки")
    assert utcnow().astimezone(bot.settings.company.tz).strftime("%d.%m.%Y") in log.text

    await admin.press("🔢 Заявка", log)
    await admin.expect("Напишите номер заявки")
    await admin.send("номер")
    await admin.expect("Это не номер заявки")
    await admin.send(str(number))
    by_ticket = await admin.expect(f"заявка №{number}")
    assert "Отключение доступа" not in by_ticket.text
    assert "Создание заявки" in by_ticket.text

    await admin.press("👤 Сотрудник", by_ticket)
    await admin.expect("Напишите фамилию")
    await admin.send("Никтоев")
    await admin.expect("нет")
    await admin.send("чужо")
    by_person = await admin.expect("сотрудник Чужов Пётр")
    assert f"заявка №{number}" in by_person.text
    assert "Записей: 1 " in by_person.text
    assert "отказано" in by_person.text

    await admin.press("♻️ Сбросить фильтры", by_person)
    everything = await admin.expect("Фильтр: все записи")
    await admin.press("📅 С даты", everything)
    await admin.expect("дату начала")
    await admin.send("31.02.2026")
    await admin.expect("Не понял дату")
    await admin.send("01.01.2000")
    since = await admin.expect("с 01.01.2000")
    assert "Создание заявки" in since.text
    await admin.press("📅 По дату", since)
    await admin.expect("дату окончания")
    await admin.send("31.12.1999")
    await admin.expect("позже даты окончания")
    await admin.send("02.01.2000")
    none = await admin.expect("по 02.01.2000")
    assert "Записей нет" in none.text

    await admin.press("👤 Сотрудник", none)
    picker = await wait_button(admin, "Оператова Ольга")
    await admin.press("Оператова Ольга", picker)
    await admin.expect("сотрудник Оператова Ольга")
    await admin.press("♻️ Сбросить фильтры")
    everything = await admin.expect("Фильтр: все записи")
    await admin.press("⬇️ Скачать .xlsx", everything)
    sent = await admin.expect("Журнал аудита:")
    assert sent.document is not None
    rows = read_xlsx(sent.document.content)
    assert rows[0][:6] == ("Дата и время", "Кто", "Роль", "Действие", "Заявка №", "Результат")
    body = rows[1:]
    assert ("Чужов Пётр", "Оператор", "Просмотр карточки заявки", number, "⛔ отказано") in [
        r[1:6] for r in body
    ]
    assert len(body) == len(await _entries(bot)) - 1  # all but the download's own entry
    last = (await _entries(bot))[-1]
    assert (last.action, last.actor_id, last.details["what"]) == ("exported", admin_id, "audit")


async def test_import_invitation_exports_settings_and_no_access_for_others(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, "Руков", "Роман", "Начальник", telegram_id=811, roles=[Role.MANAGER])
    await add_person(bot, "Оператова", "Ольга", "Диспетчер", telegram_id=812, roles=[Role.OPERATOR])
    admin, boss = user(fake_api, ADMIN_ID, "Анна"), user(fake_api, 811, "Роман")
    op = user(fake_api, 812, "Ольга")
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    admin_id = await _admin_id(bot)

    # Staff import.
    await admin.press("📤 Загрузить исполнителей", menu)
    await admin.expect("Отправьте сюда выгрузку")
    await admin.upload("staff.xlsx", xlsx([HEADER, [1, "Новиков", "Иван", "Иванович", "Инженер"]]))
    preview = await admin.expect("Проверка файла")
    await admin.press("✅ Импортировать", preview)
    await admin.expect("Импорт выполнен. Добавлено: 1")

    # An invitation, opened by the invited person: the executor role comes with it.
    await admin.send("/staff")
    listing = await admin.expect("Сотрудники")
    await admin.press("Новиков Иван Иванович — Инженер", listing)
    card = await admin.expect("Открытых заявок")
    await admin.press("🔗 Ссылка-приглашение", card)
    invitation = await admin.expect("Приглашение: <b>")
    token = invitation.text.split("?start=")[1].split()[0].split("<")[0].split('"')[0]
    newbie = user(fake_api, 813, "Ваня")
    await newbie.send(f"/start {token}")
    await newbie.expect("Исполнитель")

    # The staff list as .xlsx, a ticket export, a field renamed.
    await admin.send("/cancel")
    await admin.send("/staff")
    listing = await wait_button(admin, "📤 Выгрузить в Excel")
    await admin.press("📤 Выгрузить в Excel", listing)
    await admin.expect("Сотрудники")
    await boss.send("/report")
    picker = await boss.expect("выберите период")
    await boss.press("📥 Выгрузка заявок", picker)
    picker = await boss.expect("Сейчас: выгрузка заявок")
    await boss.press("Сегодня", picker)
    await wait_document(boss)
    await boss.send("/cancel")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    await boss.expect("Поля заявки")
    await boss.press("Квартира / помещение")
    await boss.press("✏️ Переименовать")
    await boss.expect("Введите новое название поля")
    await boss.send("Квартира")
    await boss.expect("<b>Квартира</b>")

    entries = await _entries(bot)
    async with bot.session_factory() as session:
        newbie_id = await session.scalar(select(Person.id).where(Person.last_name == "Новиков"))
        boss_id = await session.scalar(select(Person.id).where(Person.last_name == "Руков"))
    imported = _find(entries, "staff_imported", actor_id=admin_id)
    assert imported.details == {"created": 1, "updated": 0, "deactivated": 0, "errors": 0}
    _find(entries, "invited", actor_id=admin_id, subject_person_id=newbie_id)
    linked = _find(entries, "role_granted", subject_person_id=newbie_id)
    assert (linked.actor_id, linked.details) == (newbie_id, {"role": "executor"})
    staff_export = _find(entries, "exported", actor_id=admin_id)
    assert staff_export.details["what"] == "staff"
    tickets_export = _find(entries, "exported", actor_id=boss_id)
    assert (tickets_export.actor_roles, tickets_export.details["what"]) == ("manager", "tickets")
    settings = _find(entries, "settings_changed", actor_id=boss_id)
    assert settings.details["what"] == "fields"

    # Nobody but an admin sees the log: not by command, menu or a forged button.
    for other in (boss, op):
        await other.send("/start")
        menu = await other.expect("Ваши роли")
        assert "🧾 Журнал аудита" not in menu.buttons
        assert "🛡 Администрирование и ПДн" not in menu.buttons
        forged_tools = await other.press_data("menu:admin_tools", menu)
        assert "нет прав" in forged_tools["text"]
        before = len(other.messages)
        answer = await other.press_data("aud:list:0:0:0:0:0:0", menu)
        assert answer["text"] == "Нет доступа."
        answer = await other.press_data("aud:xlsx:0:0:0:0:0:0", menu)
        assert answer["text"] == "Нет доступа."
        await other.send("/audit")
        await other.expect("Нет доступа.")
        assert not any("Журнал аудита" in m.text or m.document for m in other.messages[before:])
    assert len(await _entries(bot)) == len(entries)  # nothing was downloaded
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    await admin.press("🛡 Администрирование и ПДн", menu)
    tools = await admin.expect("Администрирование и персональные данные")
    assert "🧾 Журнал аудита" in tools.buttons
    await admin.press("🧾 Журнал аудита", tools)
    await admin.expect("Фильтр: все записи")


async def wait_document(person: Any) -> None:
    await person.api.wait_for(lambda: any(m.document for m in person.messages))
