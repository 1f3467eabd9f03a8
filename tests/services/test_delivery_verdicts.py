"""How a failed Bot API call is sorted decides how often a message may be repeated."""

from __future__ import annotations

from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage
from aiohttp import ClientConnectorError, ServerDisconnectedError
from aiohttp.client_reqrep import ConnectionKey

from bot.delivery.attempt import Verdict, classify

METHOD = SendMessage(chat_id=1, text="x")


def _network(cause: BaseException) -> TelegramNetworkError:
    error = TelegramNetworkError(method=METHOD, message=str(cause))
    error.__cause__ = cause
    return error


def test_failures_that_prove_nothing_was_sent_are_retried_freely() -> None:
    key = ConnectionKey("127.0.0.1", 1, False, None, None, None, None)
    refused = ClientConnectorError(key, OSError(111, "Connection refused"))
    assert classify(_network(refused)).verdict is Verdict.RETRY
    waited = classify(TelegramRetryAfter(method=METHOD, message="wait", retry_after=3))
    assert (waited.verdict, waited.retry_after) == (Verdict.RETRY, 3.0)


def test_failures_after_the_request_went_out_are_uncertain() -> None:
    assert classify(_network(ServerDisconnectedError())).verdict is Verdict.AMBIGUOUS
    assert classify(_network(TimeoutError())).verdict is Verdict.AMBIGUOUS
    server = TelegramServerError(method=METHOD, message="Bad Gateway")
    assert classify(server).verdict is Verdict.AMBIGUOUS


def test_refusals_are_final() -> None:
    blocked = TelegramForbiddenError(
        method=METHOD, message="Forbidden: bot was blocked by the user"
    )
    assert classify(blocked).verdict is Verdict.BLOCKED
    bad = TelegramBadRequest(method=METHOD, message="Bad Request: chat not found")
    assert classify(bad).verdict is Verdict.REJECTED
