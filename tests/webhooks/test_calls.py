"""POST /api/calls over real HTTP: the operator on duty gets the call with the caller's tickets
through the fake Bot API, and «Создать заявку» opens the form with the phone filled in."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AuditEntry, PhoneCall, Role, Ticket
from tests.api.helpers import VALUES, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser


async def test_call_reaches_the_operator_and_opens_a_prefilled_form(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        creator = await add_person(bot, 501, "Админов", [Role.ADMIN])
        operator_id = await add_person(bot, 401, "Диспетчерова", [Role.OPERATOR])
        await add_person(bot, 402, "Вторая", [Role.OPERATOR])
        key = await make_key(bot, creator)
        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert status == 201, body

        status, body, _ = await api.call(
            "POST",
            "/api/calls",
            key,
            json={"phone": "8 921 5550101", "line": "Аварийная", "operator_id": operator_id},
        )
        assert status == 202, body
        assert body["told"] == 1
        call_id = body["call_id"]

        operator = FakeUser(fake_api, 401, "Дарья")
        told = await operator.expect("📞 Звонок: +7 921 555-01-01")
        assert "Линия: Аварийная" in told.text
        assert "№ 1" in told.text
        # The operator is not the ticket's author: its number and stage, not its words.
        assert "Течёт стояк" not in told.text
        assert told.buttons == ["📝 Создать заявку"]
        assert told.button_data("📝 Создать заявку") == f"call:{call_id}"
        assert 402 not in fake_api.chats  # only the named one is told

        # Another operator forging the button gets nothing: the call was for the named one.
        other = FakeUser(fake_api, 402, "Вера")
        alert = await other.press_data(f"call:{call_id}", told)
        assert "Этот звонок не найден" in alert["text"]
        await operator.press("📝 Создать заявку", told)
        await operator.expect("Шаг 1")
        # Only the required fields still missing are asked (optional ones are at the summary);
        # the phone is filled in, so after the name comes the category.
        await operator.send("пр. Мира, д. 3")
        await operator.expect("ФИО заявителя")
        await operator.send("Иванова Мария")
        await operator.expect("Категория")
        await operator.press("Сантехника")
        await operator.expect("Приоритет")
        await operator.press("Обычная")
        await operator.expect("Что случилось")
        await operator.send("Не работает домофон")
        summary = await operator.expect("Проверьте заявку")
        assert "+7 921 555-01-01" in summary.text
        # Every message and every edit the operator was shown:
        seen = [event[1].text for event in fake_api.chats[401].events]
        asked = [text for text in seen if text.startswith("Шаг")]
        assert any("<b>ФИО заявителя</b>" in text for text in asked)
        assert not [text for text in asked if "Телефон заявителя" in text]
        await operator.press("✅ Создать", summary)
        await operator.expect("Заявка № 2")

        async with bot.session_factory() as session:
            ticket = await session.scalar(select(Ticket).where(Ticket.number == 2))
            assert ticket is not None
            assert (ticket.values["phone"], ticket.author_id) == ("+7 921 555-01-01", operator_id)
            call = await session.get(PhoneCall, call_id)
            assert call is not None
            assert call.told == 1
            audit = list(
                await session.scalars(select(AuditEntry).where(AuditEntry.action == "api_call"))
            )
            entry = next(e for e in audit if e.details.get("call_id") == call_id)
            assert entry.actor_kind == "api_key"
            assert "921" not in str(entry.details)


async def test_call_errors_and_all_operators_on_duty(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        creator = await add_person(bot, 501, "Админов", [Role.ADMIN])
        await add_person(bot, 401, "Первая", [Role.OPERATOR])
        await add_person(bot, 402, "Вторая", [Role.OPERATOR])
        await add_person(bot, 301, "Исполнитель", [Role.EXECUTOR])
        key = await make_key(bot, creator)
        read_only = await make_key(bot, creator, ("read",))

        status, body, _ = await api.call("POST", "/api/calls", key, json={"phone": "12"})
        assert (status, list(body["fields"])) == (422, ["phone"])
        status, body, _ = await api.call(
            "POST", "/api/calls", key, json={"phone": "+79215550101", "operator_id": 301}
        )
        assert (status, list(body["fields"])) == (422, ["operator_id"])
        assert (await api.call("POST", "/api/calls", None, json={"phone": "+79215550101"}))[
            0
        ] == 401
        status, _, _ = await api.call(
            "POST", "/api/calls", read_only, json={"phone": "+79215550101"}
        )
        assert status == 403
        async with bot.session_factory() as session:
            assert list(await session.scalars(select(PhoneCall))) == []

        status, body, _ = await api.call("POST", "/api/calls", key, json={"phone": "+79215550101"})
        assert (status, body["told"]) == (202, 2)
        for telegram_id in (401, 402):
            told = await FakeUser(fake_api, telegram_id, "О").expect("📞 Звонок: +7 921 555-01-01")
            assert "Заявок с этим номером нет" in told.text
        assert 301 not in fake_api.chats or not fake_api.chats[301].events
