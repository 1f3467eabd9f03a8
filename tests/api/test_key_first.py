"""The key is checked before anything else in the request: without a valid one the answer is
401, whatever the body, the path or the query hold; nothing about them is told."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from db.models import AuditEntry, Role, Ticket
from tests.api.helpers import VALUES, Api, add_person, make_key, running_api
from tests.fakes.bot_api import FakeBotAPI

NOT_JSON = b"{not json"
TOO_LARGE = b'{"values": {"description": "' + b"x" * (1024 * 1024) + b'"}}'


async def _post(
    api: Api, path: str, key: str | None, body: Any, headers: dict[str, str] | None = None
) -> tuple[int, Any, Any]:
    sent = dict(headers or {})
    if key is not None:
        sent["Authorization"] = f"Bearer {key}"
    if isinstance(body, bytes):
        sent["Content-Type"] = "application/json"
        kwargs: dict[str, Any] = {"data": body}
    else:
        kwargs = {"json": body}
    async with api.http.post(api.base + path, headers=sent, **kwargs) as response:
        assert response.content_type == "application/json", response.status
        return response.status, await response.json(), response.headers


async def test_no_key_or_a_wrong_one_gets_401_before_the_body_is_looked_at(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_api(fake_api, sqlite_url) as (bot, api):
        await add_person(bot, 301, "Сантехников", [Role.EXECUTOR])
        creator = await add_person(bot, 401, "Диспетчеров", [Role.OPERATOR])
        key = await make_key(bot, creator)
        read_only = await make_key(bot, creator, ["read"])
        status, body, _ = await api.call("POST", "/api/v1/tickets", key, json={"values": VALUES})
        assert status == 201, body

        tickets = "/api/v1/tickets"
        comments = "/api/v1/tickets/1/comments"
        long_key = {"Idempotency-Key": "x" * 201}
        # What each bad request gets with a valid key: the same order as before, after it.
        bad = [
            (tickets, NOT_JSON, None, 400, "bad_json"),
            (tickets, {"vals": {}}, None, 422, "validation_failed"),
            (tickets, {"values": "nope"}, None, 422, "validation_failed"),
            (tickets, {"values": {"colour": "red"}}, None, 422, "validation_failed"),
            (tickets, {"values": VALUES}, long_key, 400, "bad_idempotency_key"),
            (tickets, TOO_LARGE, None, 413, "too_large"),
            (comments, NOT_JSON, None, 400, "bad_json"),
            (comments, {"txt": "x"}, None, 422, "validation_failed"),
            (comments, {"text": "   "}, None, 422, "validation_failed"),
            ("/api/v1/tickets/abc/comments", {"text": "x"}, None, 404, "not_found"),
        ]
        for path, request_body, headers, status, error in bad:
            for wrong in (None, "hdk_nonsense_x", "hdk_nonsense_" + "y" * 40):
                got, answer, sent_headers = await _post(api, path, wrong, request_body, headers)
                assert (got, answer["error"]) == (401, "unauthorized"), (path, request_body)
                assert answer["fields"] == {}
                assert "Bearer" in sent_headers["WWW-Authenticate"]
            got, answer, _ = await _post(api, path, key, request_body, headers)
            assert (got, answer["error"]) == (status, error), (path, request_body, answer)
            # A key without the scope is refused for that before the body is judged too.
            if path == tickets:
                got, answer, _ = await _post(api, path, read_only, request_body, headers)
                assert (got, answer["error"]) == (403, "forbidden"), (path, request_body)

        # The path and the query are the request too.
        for path, params in (
            ("/api/v1/tickets/abc", None),
            ("/api/v1/tickets", {"limit": "500"}),
            ("/api/v1/tickets", {"cursor": "%%%"}),
            ("/api/v1/tickets", {"created_from": "вчера"}),
        ):
            for wrong in (None, "hdk_nonsense_x"):
                got, answer, _ = await api.call("GET", path, wrong, params=params)
                assert (got, answer["error"]) == (401, "unauthorized"), (path, params)
            got, answer, _ = await api.call("GET", path, key, params=params)
            assert got in (404, 422), (path, params, answer)

        async with bot.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(Ticket)) == 1
            denied = await session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.result == "denied", AuditEntry.actor_kind == "api_key")
            )
        assert denied == 6  # the read-only key's refusals, one per POST to /tickets


async def test_a_body_sent_without_a_key_is_not_needed_for_the_401(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """A bare request (no content type, no body at all) gets the same JSON 401."""
    async with (
        running_api(fake_api, sqlite_url) as (_bot, api),
        api.http.post(api.base + "/api/v1/tickets") as response,
    ):
        assert response.status == 401
        assert (await response.json())["error"] == "unauthorized"
