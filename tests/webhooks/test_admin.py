"""Administrators set webhooks up in the bot: add (bad URL refused, secret generated and shown
once, event types chosen), the events then arrive signed with that secret; the delivery log,
switching off and deleting; every change audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from db.models import AuditEntry, Role, WebhookEndpoint
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.webhooks.receiver import Receiver, signature_ok
from tests.work.helpers import add_person, create_ticket


async def test_admin_adds_a_webhook_and_reads_its_log(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    receiver = Receiver()
    await receiver.start()
    try:
        admin = FakeUser(fake_api, ADMIN_ID, "Админ")
        await admin.send("/webhooks")
        listing = await admin.expect("Вебхуки")
        assert "Пока нет ни одного адреса" in listing.text
        await admin.press("➕ Добавить", listing)
        await admin.expect("Шаг 1 из 3")
        await admin.send("ftp://example.org/hook")
        await admin.expect("Это не адрес http:// или https://")
        await admin.send(receiver.url)
        ask = await admin.expect("Шаг 2 из 3")
        await admin.press("🎲 Сгенерировать", ask)
        types = await admin.expect("Шаг 3 из 3")
        assert "✅ ticket.created" in types.buttons
        for event_type in ("ticket.stage_changed", "ticket.warning", "ticket.breached"):
            await admin.press(f"✅ {event_type}")
            await admin.expect("Шаг 3 из 3")
        for event_type in ("ticket.closed", "ticket.reopened", "ticket.assigned"):
            await admin.press(f"✅ {event_type}")
            await admin.expect("Шаг 3 из 3")
        picked = admin.message_with_button("💾 Сохранить")
        assert "✅ ticket.created" in picked.buttons
        assert "▫️ ticket.assigned" in picked.buttons
        await admin.press("💾 Сохранить", picked)
        created = await admin.expect("Вебхук № 1 добавлен")
        found = re.search(r"<code>([0-9a-f]{48})</code>", created.text)
        assert found is not None, created.text
        secret = found[1]

        author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
        await create_ticket(bot, author)
        (item,) = await receiver.wait_for(1)
        assert item.body["type"] == "ticket.created"
        assert signature_ok(secret, item.raw, item.headers["X-Helpdesk-Signature"])
        assert not signature_ok(secret + "x", item.raw, item.headers["X-Helpdesk-Signature"])

        await admin.send("/webhooks")
        listing = await admin.expect("Вебхуки")
        await admin.press("✅ № 1", listing)
        card = await admin.expect("Вебхук № 1")
        assert "События: ticket.created" in card.text
        await admin.press("📜 Журнал доставок", card)
        log = await admin.expect("Журнал доставок вебхука № 1")
        assert "✅" in log.text
        assert "ticket.created · № 1 · попыток: 1 · HTTP 200" in log.text
        await admin.press("⬅️ Назад", log)
        card = await admin.expect("Вебхук № 1")
        await admin.press("⏸ Выключить", card)
        off = await admin.expect("выключен")
        assert "⏸ выключен администратором" in off.text
        await admin.press("🗑 Удалить", off)
        sure = await admin.expect("Удалить вебхук № 1?")
        await admin.press("🗑 Да, удалить", sure)
        await admin.expect("Вебхук № 1 удалён")
    finally:
        await receiver.stop()
    async with bot.session_factory() as session:
        assert list(await session.scalars(select(WebhookEndpoint))) == []
        entries = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "settings_changed"))
        )
    changes = [e.details for e in entries if e.details.get("what") == "webhook"]
    assert [c["change"] for c in changes] == ["created", "disabled", "deleted"]
    assert secret not in str(changes)
    assert "127.0.0.1" not in str(changes)


async def test_only_admins_reach_webhooks(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    manager = FakeUser(fake_api, 201, "Иван")
    await manager.send("/webhooks")
    answer = await manager.next_event()
    assert answer.text == "Вебхуки настраивают только администраторы."
    pressed = await manager.press_data("whk:add:0:", answer)
    assert pressed["text"] == "Вебхуки настраивают только администраторы."
    await manager.send("https://example.org/hook")
    await manager.next_event()
    assert not [text for text in manager.texts() if "Шаг" in text and "из 3" in text]
    async with bot.session_factory() as session:
        assert list(await session.scalars(select(WebhookEndpoint))) == []
