"""What the API does is audited once, under the key: not again as the key's person, whom the
API's tickets and comments are authored by. Tickets made in the bot stay the person's."""

from __future__ import annotations

from sqlalchemy import select

from db.models import ApiKey, AuditEntry, Role
from services.audit import AuditAction
from tests.api.helpers import VALUES, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form

CREATED = AuditAction.TICKET_CREATED.value
CHANGED = AuditAction.TICKET_CHANGED.value


async def test_api_tickets_and_comments_have_one_entry_each_under_the_key(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        admin = await add_person(bot, 401, "Админова", [Role.ADMIN])
        operator = await add_person(bot, 402, "Операторова", [Role.OPERATOR])
        key = await make_key(bot, admin)
        async with bot.session_factory() as session:
            key_id = (await session.scalars(select(ApiKey.id))).one()

        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert (status, body["number"]) == (201, 1), body
        status, body, _ = await api.call(
            "POST", "/api/v1/tickets/1/comments", key, json={"text": "Жилец перезвонил"}
        )
        assert status == 201, body

        # The same in the bot, by an operator.
        op = FakeUser(fake_api, 402, "О")
        await op.send("/start")
        await op.expect("Ваши роли")
        await fill_default_form(op)
        await op.press("✅ Создать")
        await op.expect("создана")

        async with bot.session_factory() as session:
            entries = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))

    def who(action: str, number: int) -> list[tuple[str, int | None]]:
        return [
            (e.actor_kind, e.actor_id)
            for e in entries
            if e.action == action and e.ticket_number == number and e.actor_kind != "system"
        ]

    api_created = [e for e in entries if e.action == CREATED and e.ticket_number == 1]
    assert [(e.actor_kind, e.actor_id) for e in api_created] == [("api_key", key_id)]
    assert api_created[0].actor_roles == "comment,create,read"  # the key's scopes
    assert api_created[0].details["endpoint"] == "POST /api/v1/tickets"
    # The comment is the ticket's one change not made by the system (which assigned it).
    assert who(CHANGED, 1) == [("api_key", key_id)]
    comment = next(e for e in entries if e.action == CHANGED and e.actor_kind == "api_key")
    assert comment.details["endpoint"] == "POST /api/v1/tickets/{number}/comments"
    # The admin who made the key did nothing herself.
    assert [e.action for e in entries if (e.actor_kind, e.actor_id) == ("person", admin)] == []

    assert who(CREATED, 2) == [("person", operator)]
    bot_created = next(e for e in entries if e.action == CREATED and e.ticket_number == 2)
    assert bot_created.actor_roles == "operator"
