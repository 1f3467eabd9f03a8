"""The integration API over real HTTP, against the running service and the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Role, Ticket
from services.privacy.fields import personal_data_keys
from tests.api.helpers import VALUES, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser


async def _tickets(bot: object) -> list[Ticket]:
    async with bot.session_factory() as session:  # type: ignore[attr-defined]
        return list(await session.scalars(select(Ticket).order_by(Ticket.number)))


async def test_create_reaches_the_executor_then_read_search_comment_staff(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        creator = await add_person(bot, 401, "Диспетчеров", [Role.OPERATOR, Role.ADMIN])
        key = await make_key(bot, creator)
        executor, author = FakeUser(fake_api, 301, "И"), FakeUser(fake_api, 401, "Д")

        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert status == 201, body
        assert body["number"] == 1
        assert body["stage"] == {"key": "new", "name": "Новая"}
        assert body["assignee"]["name"].startswith("Сантехников")
        assert body["values"]["phone"] == "+7 921 555-01-01"
        assert body["history"] == []  # on GET
        card = await executor.expect("Вам назначена заявка")
        assert "№ 1" in card.text or "№1" in card.text
        stored = await _tickets(bot)
        assert [(t.number, t.author_id, t.category) for t in stored] == [(1, creator, "Сантехника")]

        # A second ticket elsewhere, for the filters.
        other = {**VALUES, "address": "пр. Мира, д. 3", "phone": "8 (812) 000-11-22"}
        other["category"] = "Электрика"
        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": other})
        assert (status, body["number"]) == (201, 2)

        status, body, _ = await api.call("GET", "/api/v1/tickets/1", key)
        assert status == 200
        assert (body["number"], body["category"], body["values"]["client"]) == (
            1,
            "Сантехника",
            "Иванова Мария Петровна",
        )
        assert [item["kind"] for item in body["history"]][:2] == ["created", "assigned"]
        assert (await api.call("GET", "/api/v1/tickets/99", key))[0] == 404

        async def numbers(**params: object) -> list[int]:
            status, found, _ = await api.call("GET", "/api/v1/tickets", key, params=params)
            assert status == 200, found
            return [item["number"] for item in found["items"]]

        assert await numbers() == [2, 1]
        assert await numbers(phone="89215550101") == [1]
        assert await numbers(phone="0001122") == [2]
        assert await numbers(address="Садовая 10") == [1]
        assert await numbers(category="Электрика") == [2]
        assert await numbers(stage=body["stage"]["key"]) == [2, 1]
        assert await numbers(created_from="2000-01-01", created_to="2000-01-02") == []
        status, page, _ = await api.call("GET", "/api/v1/tickets", key, params={"limit": 1})
        assert [i["number"] for i in page["items"]] == [2]
        cursor = page["next_cursor"]
        status, page, _ = await api.call(
            "GET", "/api/v1/tickets", key, params={"limit": 1, "cursor": cursor}
        )
        assert ([i["number"] for i in page["items"]], page["next_cursor"]) == ([1], None)
        status, bad, _ = await api.call("GET", "/api/v1/tickets", key, params={"limit": 500})
        assert (status, list(bad["fields"])) == (422, ["limit"])

        status, body, _ = await api.call(
            "POST", "/api/v1/tickets/1/comments", key, json={"text": "Жилец перезвонил"}
        )
        assert status == 201, body
        note = await executor.expect("Комментарий к заявке № 1")
        assert "Жилец перезвонил" in note.text
        status, body, _ = await api.call("GET", "/api/v1/tickets/1", key)
        assert body["history"][-1]["text"] == "Жилец перезвонил"

        status, body, _ = await api.call("GET", "/api/v1/staff", key)
        assert status == 200
        names = {item["name"]: item["roles"] for item in body["items"]}
        assert names["Сантехников Иван"] == ["executor"]
        assert not author.messages  # the key's creator authored, nobody told them

        async with bot.session_factory() as session:
            audited = await session.execute(
                select(AuditEntry.action, func.count())
                .where(AuditEntry.actor_kind == "api_key")
                .group_by(AuditEntry.action)
            )
            counts = {action: count for action, count in audited.all()}
            details = list(
                await session.scalars(
                    select(AuditEntry.details).where(AuditEntry.actor_kind == "api_key")
                )
            )
        assert counts["ticket_created"] == 2
        assert counts["ticket_changed"] == 1
        assert all("Иванова" not in json.dumps(d, ensure_ascii=False) for d in details)
        assert all("endpoint" in d for d in details)


async def test_invalid_values_keys_scopes_and_the_limit(
    fake_api: FakeBotAPI, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_api(fake_api, sqlite_url, rate_limit_per_minute=5) as (bot, api):
        creator = await add_person(bot, 401, "Диспетчеров", [Role.OPERATOR, Role.ADMIN])
        key = await make_key(bot, creator)
        bad = {**VALUES, "phone": "12", "category": "Космос", "colour": "красный"}
        del bad["address"]
        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": bad})
        assert status == 422
        assert body["error"] == "validation_failed"
        assert set(body["fields"]) == {"phone", "category", "colour", "address"}
        assert "телефон" in body["fields"]["phone"].lower()
        assert body["fields"]["address"] == "Обязательное поле: укажите значение."
        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"vals": {}})
        assert (status, body["error"]) == (422, "validation_failed")
        assert await _tickets(bot) == []

        status, body, headers = await api.call("GET", "/api/v1/staff")
        assert (status, body["error"]) == (401, "unauthorized")
        # Every error under /api/ is JSON.
        assert (await api.call("GET", "/api/v1/nothing", key))[1]["error"] == "not_found"
        assert (await api.call("DELETE", "/api/v1/staff", key))[1]["error"] == (
            "method_not_allowed"
        )
        async with api.http.post(
            api.base + "/api/v1/tickets",
            data=b"{not json",
            headers={"Authorization": f"Bearer {key}"},
        ) as response:
            assert (response.status, (await response.json())["error"]) == (400, "bad_json")
        assert (await api.call("GET", "/api/v1/staff", "hdk_nonsense_x"))[0] == 401

        creator_only = await make_key(bot, creator, ["create"])
        status, body, _ = await api.call("GET", "/api/v1/tickets", creator_only)
        assert (status, body["error"]) == (403, "forbidden")
        status, body, _ = await api.call(
            "POST", "/api/v1/tickets", creator_only, json={"values": VALUES}
        )
        assert status == 201
        async with bot.session_factory() as session:
            definition = (await session.scalars(select(Ticket))).one().field_set.definition
        # Personal data goes out only to keys with «read».
        assert set(body["values"]) == set(VALUES) - personal_data_keys(definition)
        assert body["history"] == []

        from services.api.keys import revoke_key

        async with bot.session_factory() as session, session.begin():
            from db.models import ApiKey

            key_id = await session.scalar(select(ApiKey.id).where(ApiKey.scopes == ["create"]))
            assert key_id is not None
            assert await revoke_key(session, key_id) is not None
        status, body, _ = await api.call(
            "POST", "/api/v1/tickets", creator_only, json={"values": VALUES}
        )
        assert status == 401

        # 5 a minute: the key above used 2 (the last refused before its limit was counted);
        # a fresh key gets 5, then 429 with Retry-After.
        fresh = await make_key(bot, creator)
        statuses = [(await api.call("GET", "/api/v1/staff", fresh))[0] for _ in range(5)]
        assert statuses == [200] * 5
        status, body, headers = await api.call("GET", "/api/v1/staff", fresh)
        assert (status, body["error"]) == (429, "rate_limited")
        assert 1 <= int(headers["Retry-After"]) <= 12
    # Keys never reach the logs (no access log; nothing of ours logs a header).
    logged = caplog.text
    assert key not in logged
    # The secret after «hdk_<prefix>_» may itself hold «_» (urlsafe base64).
    assert fresh.split("_", 2)[2] not in logged
    assert "Bearer" not in logged


async def test_one_ticket_per_idempotency_key_at_once_and_after_a_restart(
    fake_api: FakeBotAPI, database_url: str
) -> None:
    async with running_api(fake_api, database_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        creator = await add_person(bot, 401, "Диспетчеров", [Role.OPERATOR])
        key = await make_key(bot, creator)
        headers = {"Idempotency-Key": "call-2026-12-04-0001"}
        first, second = await asyncio.gather(
            *(
                api.call("POST", "/api/v1/tickets", key, json={"values": VALUES}, headers=headers)
                for _ in range(2)
            )
        )
        assert sorted([first[0], second[0]]) == [200, 201]
        assert first[1] == second[1]
        assert len(await _tickets(bot)) == 1
        executor = FakeUser(fake_api, 301, "И")
        await executor.expect("Вам назначена заявка")

        await bot.restart()
        from tests.api.helpers import wait_listening

        await wait_listening(api)
        again = await api.call(
            "POST", "/api/v1/tickets", key, json={"values": VALUES}, headers=headers
        )
        assert (again[0], again[1]["number"]) == (200, first[1]["number"])
        changed = {"values": {**VALUES, "flat": "6"}}
        status, body, _ = await api.call(
            "POST", "/api/v1/tickets", key, json=changed, headers=headers
        )
        assert (status, body["error"]) == (409, "idempotency_key_reused")
        other = await api.call(
            "POST",
            "/api/v1/tickets",
            key,
            json={"values": VALUES},
            headers={"Idempotency-Key": "x2"},
        )
        assert (other[0], other[1]["number"]) == (201, 2)
        assert len(await _tickets(bot)) == 2
        # A refused body leaves its key free for the corrected one.
        fresh = {"Idempotency-Key": "x3"}
        bad = {"values": {**VALUES, "phone": "12"}}
        assert (await api.call("POST", "/api/v1/tickets", key, json=bad, headers=fresh))[0] == 422
        fixed = await api.call(
            "POST", "/api/v1/tickets", key, json={"values": VALUES}, headers=fresh
        )
        assert (fixed[0], fixed[1]["number"]) == (201, 3)


async def test_openapi_lists_every_route_and_the_docs_page_carries_it(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        status, schema, _ = await api.call("GET", "/api/openapi.json")
        assert status == 200
        assert schema["openapi"].startswith("3.")
        routes = {
            (method.upper(), path)
            for path, methods in schema["paths"].items()
            for method in methods
        }
        assert bot.runtime is not None
        from bot.web.server import create_web_app

        served = {
            (route.method, route.resource.canonical)
            for route in create_web_app(bot.runtime).router.routes()
            if route.resource is not None
            and route.resource.canonical.startswith("/api/")
            and route.resource.canonical not in ("/api/openapi.json", "/api/docs")
            and route.method != "HEAD"
        }
        expected = {
            ("POST", "/api/v1/tickets"),
            ("GET", "/api/v1/tickets"),
            ("GET", "/api/v1/tickets/{number}"),
            ("POST", "/api/v1/tickets/{number}/comments"),
            ("GET", "/api/v1/staff"),
            ("POST", "/api/calls"),
        }
        assert expected <= routes
        assert served == expected  # every served route is in the schema
        assert "bearerAuth" in schema["components"]["securitySchemes"]
        assert "TicketOut" in schema["components"]["schemas"]
        for methods in schema["paths"].values():
            for operation in methods.values():
                assert {"401", "403", "429"} <= set(operation["responses"])
        calls = schema["paths"]["/api/calls"]["post"]
        assert {"202", "422"} <= set(calls["responses"])
        assert calls["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/CallCreate"
        )
        assert {"phone", "line", "operator_id"} <= set(
            schema["components"]["schemas"]["CallCreate"]["properties"]
        )
        assert schema["components"]["schemas"]["CallCreate"]["required"] == ["phone"]
        status, page, _ = await api.call("GET", "/api/docs")
        assert status == 200
        assert "/api/v1/tickets/{number}/comments" in page
        assert "/api/calls" in page
        assert "<script src" not in page  # nothing is fetched from elsewhere
        assert "<link" not in page
