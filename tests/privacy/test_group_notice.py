"""[privacy] minimise_group_notices: the managers' group chat hears of a new ticket with its
address and category, without the resident's name and phone; turned off, the name is shown
as managers see it. Each notice showing personal data is in the audit log, with the fields it
showed and to whom."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import AuditEntry, OutgoingMessage, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import DefaultForm, fill_default_form
from tests.harness import BotHarness, make_settings
from tests.privacy.helpers import eventually
from tests.tickets.conftest import add_person

GROUP = -100777
FORM = DefaultForm(client="Секретова Ульяна", phone="+7 921 555-77-11", flat="17")


async def _group_texts(bot: BotHarness) -> list[str]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(OutgoingMessage.text).where(OutgoingMessage.chat_id == GROUP)
        )
        return list(rows)


async def _manager_texts(bot: BotHarness, chat_id: int) -> list[str]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(OutgoingMessage.text).where(OutgoingMessage.chat_id == chat_id)
        )
        return [text for text in rows if "№ 1" in text]


@pytest.mark.parametrize("minimise", [True, False])
async def test_group_notice_leaves_out_the_residents_data(
    fake_api: FakeBotAPI, sqlite_url: str, minimise: bool
) -> None:
    settings: Settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        workflow={"notify": {"managers_chat_id": GROUP}},
        privacy={"minimise_group_notices": minimise},
    )
    bot = BotHarness(settings)
    await bot.start()
    try:
        await add_person(bot, 850, Role.OPERATOR)
        manager_id = await add_person(bot, 851, Role.MANAGER)
        operator = FakeUser(fake_api, 850, "Ольга")
        await fill_default_form(operator, FORM)
        await operator.press("✅ Создать")
        await operator.expect("создана")
        texts = await eventually(lambda: _group_texts(bot), bool)
        manager = await eventually(lambda: _manager_texts(bot, 851), bool)
        async with bot.session_factory() as session:
            sent = list(
                await session.scalars(select(AuditEntry).where(AuditEntry.action == "notice_sent"))
            )
    finally:
        await bot.stop()

    group = "\n".join(texts)
    assert "Заявка № 1" in group
    assert FORM.address in group
    assert FORM.category in group
    assert "921" not in group  # no phone either way (the notice has none)
    assert (FORM.client in group) is not minimise
    # Managers in private chats see the name either way.
    assert any(FORM.client in text for text in manager)

    # The audit log: the manager was sent the resident's name and address, the group only
    # what its notice showed; ids and keys only.
    assert {(e.actor_kind, e.ticket_number, e.details.get("chat")) for e in sent} == {
        ("person", 1, None),
        ("system", 1, "managers"),
    }
    to_manager = next(e for e in sent if e.actor_kind == "person")
    assert to_manager.actor_id == manager_id
    assert to_manager.actor_roles == "manager"
    assert to_manager.details["fields"] == ["address", "client"]
    to_group = next(e for e in sent if e.actor_kind == "system")
    assert to_group.details["fields"] == (["address"] if minimise else ["address", "client"])
    assert FORM.client not in repr([e.details for e in sent])
