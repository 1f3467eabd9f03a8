"""The search index and the reading of queries: tokens, ё/е, case, noise words, phones."""

from __future__ import annotations

import pytest

from services.tickets.search_index import (
    SearchQuery,
    address_tokens,
    index_values,
    parse_query,
    phone_key,
    tokens,
)

TYPES = {
    "client": "text",
    "phone": "phone",
    "address": "text",
    "flat": "number",
    "category": "choice",
    "description": "long_text",
    "due": "datetime",
    "attachments": "attachments",
}


def test_tokens_are_lower_case_with_e_for_yo_and_split_at_punctuation_and_digits() -> None:
    assert tokens("ул. Садовая, д.10, кв.5") == ["ул", "садовая", "д", "10", "кв", "5"]
    assert tokens("Ёлочная 10а/2, к2") == ["елочная", "10", "а", "2", "к", "2"]
    assert tokens("ПРОТЕЧКА Потолка!") == ["протечка", "потолка"]


def test_index_keeps_words_and_numbers_of_text_fields_and_phones_apart() -> None:
    index = index_values(
        {
            "client": "Пётр Иванов",
            "phone": "+7 921 555-01-01",
            "address": "ул. Садовая, д. 10, кв. 5",
            "flat": 5,
            "category": "Сантехника",
            "description": "Течёт кран. Второй номер 8 (911) 123-45-67",
            "due": "2026-11-27T10:00:00+03:00",
            "attachments": [{"file_id": "x", "kind": "photo"}],
        },
        TYPES,
    )
    # Every token once, with a space at both ends, so LIKE '% 10 %' matches whole tokens.
    assert index.search_text.startswith(" петр иванов ул садовая д 10 кв 5 сантехника течет ")
    assert index.search_text.endswith(" ")
    assert " 2026 " not in index.search_text  # dates are not searched
    assert "921" not in index.search_text  # the phone field goes to phone_digits only
    assert index.phone_digits == " 9215550101 9111234567 "


def test_phone_key_is_the_last_ten_digits() -> None:
    assert phone_key("89215550101") == "9215550101"
    assert phone_key("+7 921 555-01-01") == "9215550101"
    assert phone_key("921 555 01 01") == "9215550101"
    assert phone_key("555-01-01") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", SearchQuery(number=12)),
        ("№ 12", SearchQuery(number=12, only_number=True)),
        ("#12", SearchQuery(number=12, only_number=True)),
        ("89215550101", SearchQuery(phones=("9215550101",))),
        ("+7 921 555-01-01", SearchQuery(phones=("9215550101",))),
        ("921 555 01 01", SearchQuery(phones=("9215550101",))),
        ("555-01-01", SearchQuery(phone_tail="5550101")),
        ("5550101", SearchQuery(number=5550101, phone_tail="5550101")),
        ("Садовая 10", SearchQuery(exact=("10",), prefixes=("садовая",))),
        ("ул. Садовая, д. 10, кв. 5", SearchQuery(exact=("10", "5"), prefixes=("садовая",))),
        ("САДОВАЯ д10 кв5", SearchQuery(exact=("10", "5"), prefixes=("садовая",))),
        ("Ёлочная 3", SearchQuery(exact=("3",), prefixes=("елочная",))),
        ("10 5", SearchQuery(exact=("10", "5"))),
        ("течь кран", SearchQuery(prefixes=("течь", "кран"))),
        ("Иванов 8 921 555 01 01", SearchQuery(phones=("9215550101",), prefixes=("иванов",))),
        ("ул. д. кв.", SearchQuery()),
    ],
)
def test_queries(text: str, expected: SearchQuery) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "lookup"),
    [
        ("12", True),
        ("89215550101", True),
        ("Садовая 10", True),
        ("ул. Садовая д.10 кв.5", True),
        ("привет", False),
        ("спасибо большое", False),
        ("10 5", False),
    ],
)
def test_what_looks_like_a_lookup_in_free_text(text: str, lookup: bool) -> None:
    assert parse_query(text).looks_like_lookup is lookup


def test_address_tokens_ignore_noise_words_case_and_yo() -> None:
    one = address_tokens({"address": "ул. Садовая, д. 10, кв. 5"}, ["address"])
    assert one == ("садовая", "10", "5")
    assert address_tokens({"address": "САДОВАЯ УЛИЦА 10 КВ 5"}, ["address"]) == one
    assert address_tokens({"address": "Садовая 10", "flat": 5}, ["address", "flat"]) == one
    assert address_tokens({"address": "Садовая, д. 1, кв. 5"}, ["address"]) != one
    assert address_tokens({"address": "Ёлочная 1"}, ["address"]) == ("елочная", "1")
    assert address_tokens({}, ["address"]) == ()
