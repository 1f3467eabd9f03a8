"""Subject requests end to end: a resident's data exported (checked against a dump of every
table) and erased (nothing of theirs left, files included; report figures unchanged; a second
erasure changes nothing); a staff member's erasure shows a pseudonym in ticket history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import (
    AuditEntry,
    DestructionAct,
    DestructionActItem,
    PhoneCall,
    Role,
    Ticket,
    TicketAttachment,
)
from services.outbox import enqueue
from services.reports.compute import compute_report
from services.reports.period import current_period
from services.webhooks import calls
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form
from tests.harness import BotHarness, make_settings
from tests.subject.helpers import dump, export, find, leaves
from tests.tickets.conftest import add_person, send_photo

NAME = "Пдтестова Ульяна Ксаверьевна"
PHONE_TYPED = "8 (911) 444-37-91"
NEW_PHONE = "+7 911 444-37-92"
ADDRESS = "ул. Пдтестовая, д. 13"
FLAT = "13Ф"
# What is looked for in every stored string (case-insensitively: the search index is lower case).
NEEDLES = (
    "444 37 91",
    "Пдтестова",
    "Ульяна",
    "Ксаверьевна",
    "911 444-37-91",
    "9114443791",
    "911 444-37-92",
    "9114443792",
    "Пдтестовая",
    FLAT,
)


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    return make_settings(api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID])


def _theirs(leaf: str, file_ids: set[str]) -> bool:
    folded = leaf.casefold()
    return leaf in file_ids or any(n.casefold() in folded for n in NEEDLES)


async def _report(bot: BotHarness, settings: Settings) -> Any:
    tz = settings.company.tz
    period = current_period("month", datetime.now(tz).date(), tz)
    async with bot.session_factory() as session:
        return await compute_report(session, period)


async def _create_resident_ticket(op: FakeUser) -> None:
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    await op.send(ADDRESS)
    await op.expect("Квартира / помещение")
    await op.send(FLAT)
    await op.expect("Подъезд")
    await op.press("⏭ Пропустить")
    await op.expect("ФИО заявителя")
    await op.send(NAME)
    await op.expect("Телефон заявителя")
    await op.send(PHONE_TYPED)
    await op.expect("Категория")
    await op.press("Сантехника")
    await op.expect("Приоритет")
    await op.press("Обычная")
    await op.expect("Что случилось")
    await op.send("Течёт батарея в комнате")
    await op.expect("Фото")
    await send_photo(op)
    await op.expect("Получено файлов: 1")
    await op.press("✅ Готово")
    await op.expect("Желаемое время")
    await op.press("⏭ Пропустить")
    await op.expect("Проверьте заявку")
    await op.press("✅ Создать")
    await op.expect("создана")


async def test_resident_export_holds_everything_and_erasure_leaves_nothing(
    fake_api: FakeBotAPI, bot: BotHarness, settings: Settings
) -> None:
    await add_person(bot, 801, Role.OPERATOR, last_name="Операторова")
    op = FakeUser(fake_api, 801, "Ольга")
    admin = FakeUser(fake_api, ADMIN_ID, "Админ")
    await admin.send("/start")
    await admin.expect("Ваши роли")

    await _create_resident_ticket(op)
    # Nobody has the manager's role here: the administrator is told of the new ticket.
    await admin.expect("Новая заявка № 1 ждёт назначения")
    await op.press("💬 Комментарий")
    await op.expect("Напишите комментарий")
    await op.send("Звонила Пдтестова Ульяна, ждёт мастера после 18:00")
    await op.expect("Комментарий добавлен")
    await op.press("💬 Комментарий")
    await op.expect("Напишите комментарий")
    await op.send("Перезвонить 8 911 444 37 91")
    await op.expect("Комментарий добавлен")
    await admin.send("/t 1")
    await admin.expect("Заявка № 1")
    # The history (both comments) is now in a message to the admin, too.
    await admin.press("📜 История")
    await admin.expect("Перезвонить")
    await admin.press("✏️ Изменить поле")
    await admin.expect("Какое поле заявки изменить")
    await admin.press("Телефон заявителя")
    await admin.expect("Введите новое значение")
    await admin.send(NEW_PHONE)
    await admin.expect("изменено")
    await admin.send("/cancel")
    # Another resident's ticket: it must come through the erasure untouched.
    await fill_default_form(op)
    await op.press("✅ Создать")
    await op.expect("создана")

    async with bot.session_factory() as session:
        files = set(await session.scalars(select(TicketAttachment.file_id)))
    # A notice with the photo, as a workflow notification would send it (the outbox's text
    # and attachment columns).
    async with bot.session_factory() as session, session.begin():
        enqueue(
            session,
            -100500,
            f"Заявка № 1 · {ADDRESS}, кв. {FLAT} · {NAME} · +7 911 444-37-92",
            attachment={"kind": "photo", "file_id": sorted(files)[0]},
        )
        other = await session.scalar(select(Ticket).where(Ticket.number == 2))
        assert other is not None
        other_values = dict(other.values)
        # The resident called (POST /api/calls), and so did someone else.
        call = await calls.register(
            session, phone="+7 911 4443791", line="Аварийная", operator_id=None, api_key_id=None
        )
        enqueue(session, 801, f"📞 Звонок: {call.phone}")
        await calls.register(
            session, phone="+7 921 555-01-01", line="", operator_id=None, api_key_id=None
        )
    assert files
    before = await dump(bot)
    stored = {leaf for _t, _c, leaf in before if _theirs(leaf, files)}
    assert any("Пдтестова" in s for s in stored)
    assert any("9114443792" in s for s in stored)
    assert ("calls", "phone", "+7 911 444-37-91") in before

    # Found by a phone typed another way (with their call), and by name.
    await find(admin, "+7 911 4443791", "Звонков с этого номера: 1")
    await admin.send("пдтестова ульяна")
    found = await fake_api.wait_for(
        lambda: [m for m in admin.messages if "Найдено" in m.text][1:] and admin.last
    )
    assert "1 заявка (№ 1)" in found.text
    assert "сотрудник: нет" in found.text
    cells = await export(admin)
    missing = [s for s in stored if not any(s in cell for cell in cells)]
    assert not missing, missing
    assert "Аварийная" in cells  # the call's own row, not only the message about it

    report_before = await _report(bot, settings)
    await admin.press("🗑 Удалить данные")
    await admin.expect("Удалить персональные данные жителя?")
    await admin.press("✅ Да, удалить")
    await admin.expect("Данные жителя удалены")

    after = await dump(bot)
    left = [(t, c, leaf) for t, c, leaf in after if _theirs(leaf, files)]
    assert not left, left
    assert await _report(bot, settings) == report_before
    async with bot.session_factory() as session:
        other = await session.scalar(select(Ticket).where(Ticket.number == 2))
        assert other is not None
        assert other.values == other_values
        ours = await session.scalar(select(Ticket).where(Ticket.number == 1))
        assert ours is not None
        assert ours.category == "Сантехника"
        assert list(await session.scalars(select(PhoneCall.phone))) == ["+7 921 555-01-01"]

    # Again: nothing changes, and the admin is told so.
    await admin.press("🗑 Удалить данные")
    await admin.expect("Удалить персональные данные жителя?")
    await admin.press("✅ Да, удалить")
    await admin.expect("Удалять нечего")
    again = await dump(bot)
    skip = {"audit_log", "outgoing_messages", "fsm_records", "processed_updates", "pending_updates"}
    assert [r for r in again if r[0] not in skip] == [r for r in after if r[0] not in skip]

    async with bot.session_factory() as session:
        actions = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    exported = [a for a in actions if a.action == "subject_exported"]
    erased = [a for a in actions if a.action == "erased"]
    assert len(exported) == 1
    assert exported[0].details["tickets"] == [1]
    assert len(erased) == 2
    assert erased[0].details["changed"]
    assert not erased[1].details["changed"]
    assert all(a.actor_id is not None for a in exported + erased)
    for entry in exported + erased:
        assert not any(_theirs(leaf, files) for leaf in leaves(entry.details))
    # One destruction act, for the erasure that changed something.
    async with bot.session_factory() as session:
        acts = list(await session.scalars(select(DestructionAct)))
        items = list(await session.scalars(select(DestructionActItem)))
    assert [a.kind for a in acts] == ["erasure"]
    assert {i.category: i.ticket_numbers for i in items if i.count} == {
        "ticket_personal_data": [1],
        "ticket_files": [1],
        "calls": [],
    }
