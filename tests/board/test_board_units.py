"""The board's pure parts: initData signatures, the house of an address, filters."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from services.board import init_data
from services.board.read_model import BoardFilters, house_of

TOKEN = "42:secret"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _signed(**fields: str) -> str:
    return init_data.sign(fields, TOKEN)


def test_init_data_is_checked_per_the_bot_api_rules() -> None:
    user = json.dumps({"id": 77, "first_name": "Анна"})
    fresh = str(int((NOW - timedelta(hours=1)).timestamp()))
    good = _signed(user=user, auth_date=fresh, query_id="q")
    found = init_data.verify(good, TOKEN, NOW)
    assert found is not None
    assert found.telegram_id == 77
    # Any change to a field, another bot's token, a missing hash, a repeated key: refused.
    assert init_data.verify(good.replace("q", "r", 1), TOKEN, NOW) is None
    assert init_data.verify(good, "43:other", NOW) is None
    assert init_data.verify(good.split("&hash=")[0], TOKEN, NOW) is None
    assert init_data.verify(good + "&user=" + user, TOKEN, NOW) is None
    assert init_data.verify("", TOKEN, NOW) is None
    # Older than 24 hours: refused.
    stale = str(int((NOW - timedelta(hours=24, seconds=1)).timestamp()))
    assert init_data.verify(_signed(user=user, auth_date=stale), TOKEN, NOW) is None
    # The known example's shape: the hash is hex HMAC-SHA256 of the sorted fields.
    assert len(dict(p.split("=", 1) for p in good.split("&"))["hash"]) == 64


def test_the_board_shows_the_house_without_the_flat() -> None:
    assert house_of({"address": "ул. Садовая,  д. 10, кв. 5"}) == "ул. Садовая, д. 10"
    assert house_of({"address": "пр. Мира, 3, офис 12"}) == "пр. Мира, 3"
    assert house_of({"address": "ул. Квартирная, д. 1"}) == "ул. Квартирная, д. 1"
    assert house_of({}) == ""


def test_filters_from_the_query() -> None:
    parsed = BoardFilters.parse(
        {"category": " Лифт ", "house": "ул. Садовая, д. 10", "executor": "7"}
    )
    assert parsed == BoardFilters("Лифт", "ул. Садовая, д. 10", 7)
    assert parsed.active
    assert BoardFilters.parse({"executor": "1; drop"}).executor_id is None
    assert not BoardFilters.parse({}).active
