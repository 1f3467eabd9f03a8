"""Admins see the retention periods and download the destruction records; nobody else does."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import openpyxl
from sqlalchemy import select

from db.base import utcnow
from db.models import AccessRequest, AccessRequestStatus, AuditEntry, Person, Role, Ticket
from services.deadlines.planner import planner_for
from services.privacy.retention import run_retention
from services.privacy.settings import RetentionSettings
from services.tickets import definitions, lifecycle
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness
from tests.staff.conftest import add_person, user


def _sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def _old_records(bot: BotHarness) -> int:
    """A ticket closed 40 days ago and a request rejected 100 days ago; the ticket's number."""
    now = utcnow()
    async with bot.session_factory() as session, session.begin():
        author = await session.scalar(select(Person).where(Person.telegram_id == ADMIN_ID))
        assert author is not None
        ticket = await lifecycle.create_ticket(
            session,
            author_id=author.id,
            field_set=await definitions.current_field_set(session),
            workflow=await definitions.current_workflow(session),
            values={"client": "Старова Вера", "phone": "+7 921 000-11-22", "category": "Лифт"},
            planner=planner_for(bot.settings.deadlines),
            at=now - timedelta(days=41),
        )
        await lifecycle.enter_stage(
            session,
            ticket,
            "closed",
            actor_id=author.id,
            planner=planner_for(bot.settings.deadlines),
            at=now - timedelta(days=40),
        )
        session.add(
            AccessRequest(
                telegram_id=555,
                telegram_name="Отказанов",
                status=AccessRequestStatus.REJECTED.value,
                decided_at=now - timedelta(days=100),
            )
        )
        return ticket.number


async def test_admin_downloads_acts_and_others_cannot(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    assert "🗑 Сроки хранения и акты" not in menu.buttons  # one level down
    await admin.press("🛡 Администрирование и ПДн", menu)
    tools = await admin.expect("Администрирование и персональные данные")
    await admin.press("🗑 Сроки хранения и акты", tools)
    screen = await admin.expect("Сроки хранения персональных данных")
    assert "1\xa0095 дн. после закрытия" in screen.text
    assert "Запусков ещё не было" in screen.text
    answer = await admin.press("📥 Акты (.xlsx)", screen)
    assert "Актов пока нет" in answer["text"]

    number = await _old_records(bot)
    result = await run_retention(
        bot.session_factory,
        RetentionSettings(closed_ticket_personal_data_days=30),
        now=utcnow(),
    )
    assert result.act_id is not None

    await admin.send("/retention")
    screen = await admin.expect("Последний запуск")
    assert "Актов уничтожения: 1" in screen.text
    await admin.press("📥 Акты (.xlsx)", screen)
    await fake_api.wait_for(lambda: any(m.document for m in admin.messages))
    sent = next(m for m in reversed(admin.messages) if m.document)
    assert sent.document is not None
    sheets = _sheets(sent.document.content)
    acts = sheets["Акты"]
    assert acts[0][:6] == ("Акт", "Дата", "Основание", "Кто", "Что уничтожено", "Сколько")
    rows = {row[4]: row for row in acts[1:]}
    assert rows["Персональные данные заявок (обезличены)"][1:4] == (
        acts[1][1],
        "Истёк срок хранения",
        "Система",
    )
    assert rows["Персональные данные заявок (обезличены)"][5] == 1
    assert rows["Отклонённые запросы доступа"][5] == 1
    assert sheets["Заявки"][1:] == [
        (result.act_id, acts[1][1], "Персональные данные заявок (обезличены)", number)
    ]
    async with bot.session_factory() as session:
        values = await session.scalar(select(Ticket.values).where(Ticket.number == number))
        exports = list(
            await session.scalars(select(AuditEntry.details).where(AuditEntry.action == "exported"))
        )
    assert values is not None
    assert values["client"] == "[удалено]"
    assert {"what": "destruction_acts", "acts": 1} in exports
    await admin.press("✖️ Закрыть", screen)
    await fake_api.wait_for(lambda: not screen.buttons)
    assert "Последний запуск" in screen.text

    # Anyone else: no menu entry, the command and a forged button are refused.
    await add_person(bot, "Опер", "Ольга", "Диспетчер", telegram_id=801, roles=[Role.OPERATOR])
    op = user(fake_api, 801, "Ольга")
    await op.send("/start")
    op_menu = await op.expect("Ваши роли")
    assert "🗑 Сроки хранения и акты" not in op_menu.buttons
    before = len(op.messages)
    answer = await op.press_data("ret:acts", op_menu)
    assert "только администраторам" in answer["text"]
    await op.send("/retention")
    await op.expect("только администраторам")
    assert not any(m.document for m in op.messages[before:])
