"""A company where nobody has the manager's role: the administrators (the config's included)
stand in for the managers, so a new ticket waiting for an executor reaches somebody; once
there is a manager, only the managers are told."""

from __future__ import annotations

import asyncio

from db.models import Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness, make_settings
from tests.work.helpers import add_person, create_ticket


async def test_without_managers_the_administrators_are_told(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    bot = BotHarness(
        make_settings(api_base=fake_api.base_url, database_url=sqlite_url, admins=[ADMIN_ID])
    )
    await bot.start()
    try:
        config_admin = FakeUser(fake_api, ADMIN_ID, "Анна")
        await config_admin.send("/start")
        await config_admin.expect("Ваши роли")
        await add_person(bot, 210, "Админов", [Role.ADMIN])
        db_admin = FakeUser(fake_api, 210, "Админ")
        author = await add_person(bot, 401, "Операторова", [Role.OPERATOR])

        await create_ticket(bot, author)  # manual assignment: nobody is given it
        for admin in (config_admin, db_admin):
            notice = await admin.expect("Новая заявка № 1 ждёт назначения")
            assert "👤 Назначить" in notice.buttons

        # With a manager on the staff, the managers are told and the administrators are not.
        await add_person(bot, 201, "Руководов", [Role.MANAGER])
        manager = FakeUser(fake_api, 201, "Руководитель")
        await create_ticket(bot, author)
        await manager.expect("Новая заявка № 2 ждёт назначения")
        await asyncio.sleep(0.3)
        for admin in (config_admin, db_admin):
            assert not [t for t in admin.texts() if "№ 2" in t]
    finally:
        await bot.stop()
