"""Admins make and revoke API keys in the bot; the key works over HTTP, is shown once, and
its copy in the outbox is blanked once sent."""

from __future__ import annotations

import re

from sqlalchemy import select

from db.models import ApiKey, AuditEntry, OutgoingMessage, Role
from services.api.keys import SCRUBBED_TEXT, hash_secret
from tests.api.helpers import add_person, running_api
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser


async def test_admin_creates_a_key_uses_it_and_revokes_it(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url, admins=[ADMIN_ID]) as (bot, api):
        admin = FakeUser(fake_api, ADMIN_ID, "Админ")
        await admin.send("/start")
        await admin.press("🛡 Администрирование и ПДн", await admin.expect("Ваши роли"))
        tools = await admin.expect("Администрирование и персональные данные")
        await admin.press("🗝 API-ключи", tools)
        screen = await admin.expect("Ключи API")
        assert "Ключей пока нет" in screen.text
        await admin.press("➕ Новый ключ", screen)
        await admin.expect("Как назвать ключ")
        await admin.send("   ")
        await admin.expect("Напишите название ключа")
        await admin.send("АТС офиса")
        scopes = await admin.expect("Отметьте, что ему можно")
        assert scopes.buttons[:3] == [
            "⬜ Чтение (read)",
            "☑️ Создание заявок (create)",
            "⬜ Комментарии (comment)",
        ]
        await admin.press("⬜ Чтение (read)", scopes)
        await admin.press("☑️ Создание заявок (create)", scopes)
        edited = await admin.expect("Отметьте, что ему можно")
        assert edited.buttons[:2] == ["☑️ Чтение (read)", "⬜ Создание заявок (create)"]
        await admin.press("✅ Создать ключ", edited)
        shown = await admin.expect("Скопируйте его сейчас")
        found = re.search(r"hdk_\S+", shown.text)
        assert found is not None
        secret = found.group(0).removesuffix("</code>")

        status, body, _ = await api.call("GET", "/api/v1/staff", secret)
        assert status == 200, body
        async with bot.session_factory() as session:
            kept = list(await session.scalars(select(OutgoingMessage.text)))
        # Its first use blanked the outbox's copy of the message that showed it.
        assert not any(secret in text for text in kept)
        status, body, _ = await api.call("POST", "/api/v1/tickets", secret, json={"values": {}})
        assert status == 403  # read only

        async with bot.session_factory() as session:
            key = (await session.scalars(select(ApiKey))).one()
        assert (key.name, key.scopes, key.hash) == ("АТС офиса", ["read"], hash_secret(secret))
        assert secret not in repr(key.__dict__)

        # A forged press by someone else revokes nothing.
        operator_tid = 555
        await add_person(bot, operator_tid, "Операторов", [Role.OPERATOR])
        operator = FakeUser(fake_api, operator_tid, "О")
        await operator.press_data(f"apk:confirm:{key.id}:", shown)
        assert (await api.call("GET", "/api/v1/staff", secret))[0] == 200

        await admin.send("/api_keys")
        screen = await admin.expect("АТС офиса")
        assert "Права: Чтение (read)" in screen.text
        await admin.press(f"🚫 Отозвать: АТС офиса ({key.prefix})", screen)
        confirm = await admin.expect("Отозвать ключ «АТС офиса»")
        await admin.press("🚫 Да, отозвать", confirm)
        await admin.expect("отозван")
        status, body, _ = await api.call("GET", "/api/v1/staff", secret)
        assert (status, body["error"]) == (401, "unauthorized")

        async with bot.session_factory() as session:
            stored = list(await session.scalars(select(OutgoingMessage.text)))
            audited = list(
                await session.scalars(
                    select(AuditEntry.details).where(AuditEntry.action == "settings_changed")
                )
            )
        assert not any(secret in text for text in stored)
        assert SCRUBBED_TEXT in stored
        assert [(d["what"], d["action"]) for d in audited] == [
            ("api_key", "created"),
            ("api_key", "revoked"),
        ]
