"""One Bot API call made once, its failure sorted by what it proves, and the usual fallbacks.

Sorting failures decides how often a message may be repeated:

- ``RETRY``: Telegram certainly did not act (429 "retry after", connection refused):
  retried as often as needed;
- ``AMBIGUOUS``: the request went out and the answer was lost (a timeout, a 5xx):
  Telegram may have delivered it, so it is retried at most twice more;
- ``BLOCKED`` (403) and ``REJECTED`` (400 and the like): never retried.

Fallbacks keep the person's view right when the call cannot be made as asked: an edit of a
message that is gone becomes a new message; "message is not modified" is a success; a callback
answer that is too old (the button was pressed while the bot was down) becomes a message when
it had something to say, and is dropped silently otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, methods
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Message
from aiohttp import ClientConnectorError

from bot.delivery.calls import EDITS, is_synthetic

Resolver = Callable[[int], Awaitable[int | None]]

_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")
_NOT_MODIFIED = "message is not modified"
_DELETE_GONE = ("message to delete not found", "message can't be deleted")


class Verdict(enum.Enum):
    SENT = "sent"
    RETRY = "retry"
    AMBIGUOUS = "ambiguous"
    BLOCKED = "blocked"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    message_id: int | None = None
    retry_after: float | None = None
    reason: str = ""


async def perform(
    bot: Bot, method: TelegramMethod[Any], chat_id: int, resolve: Resolver
) -> Outcome:
    """Make the call once (after resolving stand-in message ids), with the fallbacks above."""
    target = getattr(method, "message_id", None)
    if isinstance(target, int) and is_synthetic(target):
        real = await resolve(target)
        if real is None:
            return await _when_target_is_gone(bot, method, chat_id, resolve)
        method = method.model_copy(update={"message_id": real})
    try:
        result = await bot(method)
    except TelegramBadRequest as exc:
        return await _after_bad_request(bot, method, chat_id, resolve, exc)
    except Exception as exc:  # every failure is sorted, none escapes the delivery
        return classify(exc)
    return Outcome(Verdict.SENT, _shown_message_id(method, result))


def classify(exc: BaseException) -> Outcome:
    reason = type(exc).__name__
    if isinstance(exc, TelegramRetryAfter):
        return Outcome(Verdict.RETRY, retry_after=float(exc.retry_after), reason="retry_after")
    if isinstance(exc, TelegramForbiddenError):
        return Outcome(Verdict.BLOCKED, reason="blocked by the user")
    if isinstance(exc, TelegramUnauthorizedError):
        # The token was revoked: nothing went out; retrying later is all that can be done.
        return Outcome(Verdict.RETRY, reason=reason)
    if isinstance(exc, TelegramNetworkError):
        if isinstance(exc.__cause__, ClientConnectorError):
            return Outcome(Verdict.RETRY, reason="connection refused")
        return Outcome(Verdict.AMBIGUOUS, reason=exc.message[:100])
    if isinstance(exc, TelegramBadRequest):
        return Outcome(Verdict.REJECTED, reason=f"bad request: {exc.message}"[:200])
    if isinstance(exc, TelegramAPIError) and not isinstance(exc, TelegramServerError):
        return Outcome(Verdict.REJECTED, reason=f"{reason}: {exc.message}"[:200])
    return Outcome(Verdict.AMBIGUOUS, reason=reason)


async def _after_bad_request(
    bot: Bot,
    method: TelegramMethod[Any],
    chat_id: int,
    resolve: Resolver,
    exc: TelegramBadRequest,
) -> Outcome:
    text = exc.message.lower()
    if isinstance(method, EDITS):
        if _NOT_MODIFIED in text:
            return Outcome(Verdict.SENT, getattr(method, "message_id", None))
        if any(marker in text for marker in _GONE):
            return await _when_target_is_gone(bot, method, chat_id, resolve)
    if isinstance(method, methods.DeleteMessage) and any(m in text for m in _DELETE_GONE):
        return Outcome(Verdict.SENT)
    if isinstance(method, methods.AnswerCallbackQuery):
        return await _callback_too_late(bot, method, chat_id, resolve)
    return classify(exc)


async def _when_target_is_gone(
    bot: Bot, method: TelegramMethod[Any], chat_id: int, resolve: Resolver
) -> Outcome:
    """The message to edit is gone (or was never delivered): show the new content anew."""
    if isinstance(method, methods.DeleteMessage | methods.EditMessageReplyMarkup):
        return Outcome(Verdict.SENT)
    text = getattr(method, "text", None) or getattr(method, "caption", None)
    if not text:
        return Outcome(Verdict.SENT)
    replacement = methods.SendMessage(
        chat_id=chat_id,
        text=text,
        reply_markup=getattr(method, "reply_markup", None),
        parse_mode=method.parse_mode,  # type: ignore[attr-defined]
    )
    return await perform(bot, replacement, chat_id, resolve)


async def _callback_too_late(
    bot: Bot, method: methods.AnswerCallbackQuery, chat_id: int, resolve: Resolver
) -> Outcome:
    """Telegram no longer takes the answer; what it had to say comes as a message."""
    if not method.text or not chat_id:
        return Outcome(Verdict.SENT)
    notice = methods.SendMessage(chat_id=chat_id, text=method.text, parse_mode=None)
    return await perform(bot, notice, chat_id, resolve)


def _shown_message_id(method: TelegramMethod[Any], result: Any) -> int | None:
    if isinstance(result, Message):
        return result.message_id
    message_id = getattr(method, "message_id", None)
    return message_id if isinstance(message_id, int) else None
