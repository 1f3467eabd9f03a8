"""Bot API calls as data: which ones can wait for the commit, how one is stored and replayed.

A handler's replies are held back until its transaction commits. The handler is given a
stand-in result at once: a ``Message`` whose id is a negative *synthetic* id, replaced by the
real one once the call has been made (in the dialogue state and in later calls). An edit of a
message already sent keeps that message's id (Telegram's answer would carry the same): the
dialogue state then holds a real id from the start and need not be rewritten afterwards.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, methods
from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, Chat, FSInputFile, InputFile, Message


class Kind(enum.Enum):
    """How a held-back call is treated."""

    MESSAGE = "message"  # shows something in a chat: journaled, given a synthetic message id
    ACK = "ack"  # answerCallbackQuery: journaled when it carries text
    BEST_EFFORT = "best_effort"  # nothing lost if it never happens


_KINDS: dict[type[TelegramMethod[Any]], Kind] = {
    methods.SendMessage: Kind.MESSAGE,
    methods.SendDocument: Kind.MESSAGE,
    methods.SendPhoto: Kind.MESSAGE,
    methods.SendVideo: Kind.MESSAGE,
    methods.SendVoice: Kind.MESSAGE,
    methods.EditMessageText: Kind.MESSAGE,
    methods.EditMessageCaption: Kind.MESSAGE,
    methods.EditMessageReplyMarkup: Kind.MESSAGE,
    methods.DeleteMessage: Kind.MESSAGE,
    methods.AnswerCallbackQuery: Kind.ACK,
    methods.SetMyCommands: Kind.BEST_EFFORT,
    methods.DeleteMyCommands: Kind.BEST_EFFORT,
    methods.SendChatAction: Kind.BEST_EFFORT,
}
_BY_API_NAME = {cls.__api_method__: cls for cls in _KINDS}
EDITS = (methods.EditMessageText, methods.EditMessageCaption, methods.EditMessageReplyMarkup)
FILE_FIELDS = ("document", "photo", "video", "voice")
STORED_FILE = "stored_file"


def kind_of(method: TelegramMethod[Any]) -> Kind | None:
    """None: the call cannot wait (it reads something the handler needs, e.g. getFile)."""
    kind = _KINDS.get(type(method))
    if kind is Kind.MESSAGE and _file_of(method) is not None and not _storable(method):
        return None
    return kind


def new_synthetic_id() -> int:
    # Negative, so it can never be taken for a real Telegram message id.
    return -(secrets.randbits(46) + 1)


def is_synthetic(message_id: int | None) -> bool:
    return message_id is not None and message_id < 0


@dataclass
class HeldCall:
    """One call a handler made, waiting for the commit."""

    method: TelegramMethod[Any]
    kind: Kind
    chat_id: int
    synthetic_id: int | None = None
    # The outbox row that journals it, once written.
    row_id: int | None = None
    file: tuple[str, bytes] | None = field(default=None, repr=False)

    @property
    def must_survive(self) -> bool:
        """Journaled when the update changed something: a crash must not lose it."""
        if self.kind is Kind.MESSAGE:
            return True
        if self.kind is Kind.ACK:
            return bool(getattr(self.method, "text", None))
        return False


def hold(method: TelegramMethod[Any], kind: Kind, fallback_chat_id: int | None) -> HeldCall:
    chat_id = getattr(method, "chat_id", None)
    if not isinstance(chat_id, int):
        chat_id = fallback_chat_id or 0
    shows = kind is Kind.MESSAGE and _produces_message(method)
    synthetic = new_synthetic_id() if shows and _edited_id(method) is None else None
    return HeldCall(method, kind, chat_id, synthetic, file=_read_file(method))


def _edited_id(method: TelegramMethod[Any]) -> int | None:
    """The real id of the message an edit changes (None: not an edit of a sent message).
    Should the message be gone, the edit is sent as a new message (``attempt``); the
    dialogue keeps the old id, and the person's next press names the new one."""
    if not isinstance(method, EDITS):
        return None
    message_id = method.message_id
    return message_id if isinstance(message_id, int) and not is_synthetic(message_id) else None


def answers_again(call: HeldCall, held: Sequence[HeldCall]) -> bool:
    """A second answer to a callback query the batch answers already: Telegram shows only the
    first (a later one fails), and aiogram-dialog answers every press after its handler, even
    one the handler has answered itself."""
    method = call.method
    if not isinstance(method, methods.AnswerCallbackQuery):
        return False
    return any(
        isinstance(other.method, methods.AnswerCallbackQuery)
        and other.method.callback_query_id == method.callback_query_id
        for other in held
    )


def stand_in_result(call: HeldCall, bot: Bot) -> Any:
    """What the handler gets back now, in place of Telegram's answer."""
    method = call.method
    message_id = call.synthetic_id or _edited_id(method)
    if message_id is None:
        return True
    text = getattr(method, "text", None) or getattr(method, "caption", None)
    message = Message(
        message_id=message_id,
        date=datetime.now(UTC),
        chat=Chat(id=call.chat_id, type="private" if call.chat_id > 0 else "group"),
        text=text if isinstance(text, str) else None,
        reply_markup=getattr(method, "reply_markup", None),
    )
    return message.as_(bot)


def goes_beside(call: HeldCall, batch: list[HeldCall]) -> bool:
    """A call that nothing else in the batch depends on and that shows nothing new, so it
    may go at the same time as the batch's messages instead of before them: a plain callback
    answer (it only stops the button's spinner) unless the batch also answers with text, and
    taking the keyboard off an earlier message that no other call of the batch touches (a
    dialogue moving to a new message)."""
    method = call.method
    if call.kind is Kind.ACK:
        # A query is answered once: when the batch also answers it with something to say (an
        # alert, then aiogram-dialog's plain answer), the order decides what the person sees.
        return not call.must_survive and not any(
            other.kind is Kind.ACK and other.must_survive for other in batch
        )
    if not isinstance(method, methods.EditMessageReplyMarkup) or method.reply_markup:
        return False
    message_id = method.message_id
    if not isinstance(message_id, int) or is_synthetic(message_id):
        return False
    return not any(
        other is not call
        and getattr(other.method, "message_id", None) == message_id
        and other.chat_id == call.chat_id
        for other in batch
    )


def _produces_message(method: TelegramMethod[Any]) -> bool:
    return not isinstance(method, methods.DeleteMessage)


# ----- storing and replaying


def to_payload(call: HeldCall) -> dict[str, Any]:
    """The call's parameters as JSON; defaults (parse mode...) stay unset, so the replay
    applies the bot's defaults, and files are stored beside the row."""
    method = call.method
    skip = {name for name, value in method if isinstance(value, Default | InputFile)}
    payload = method.model_dump(mode="json", exclude=skip, exclude_unset=True)
    payload = {
        key: value for key, value in payload.items() if value is not None or _explicit(method, key)
    }
    if call.file is not None:
        field_name = _file_field(method)
        assert field_name is not None
        payload[field_name] = {STORED_FILE: call.file[0]}
    return payload


def from_payload(
    api_name: str, payload: dict[str, Any], file: tuple[str, bytes] | None
) -> TelegramMethod[Any]:
    cls = _BY_API_NAME.get(api_name)
    if cls is None:
        raise LookupError(f"unknown stored method {api_name}")
    values = dict(payload)
    for name in FILE_FIELDS:
        stored = values.get(name)
        if isinstance(stored, dict) and STORED_FILE in stored:
            if file is None:
                raise LookupError("stored file is missing")
            values[name] = BufferedInputFile(file[1], filename=file[0])
    return cls.model_validate(values)


def _explicit(method: TelegramMethod[Any], key: str) -> bool:
    """An explicit None that differs from the field's default (parse_mode=None: plain text)."""
    info = type(method).model_fields.get(key)
    return info is not None and info.default is not None


def _file_field(method: TelegramMethod[Any]) -> str | None:
    for name in FILE_FIELDS:
        if isinstance(getattr(method, name, None), InputFile):
            return name
    return None


def _file_of(method: TelegramMethod[Any]) -> InputFile | None:
    name = _file_field(method)
    return getattr(method, name) if name else None


def _storable(method: TelegramMethod[Any]) -> bool:
    return isinstance(_file_of(method), BufferedInputFile | FSInputFile)


def _read_file(method: TelegramMethod[Any]) -> tuple[str, bytes] | None:
    file = _file_of(method)
    if isinstance(file, BufferedInputFile):
        return (file.filename or "file", file.data)
    if isinstance(file, FSInputFile):
        path = Path(file.path)
        return (file.filename or path.name, path.read_bytes())
    return None


def pin_response_models() -> tuple[type[Any], ...]:
    """Build aiogram's ``Response[...]`` models once and keep them.

    aiogram parametrises ``Response`` on every call; pydantic caches the result only weakly,
    so the garbage collector throws the models away and each is rebuilt (milliseconds of
    schema work) again and again. Holding them makes the lookups hits.
    """
    used = [
        *_KINDS,
        methods.GetUpdates,
        methods.GetFile,
        methods.GetMe,
        methods.SetWebhook,
        methods.DeleteWebhook,
    ]
    return tuple(methods.Response[cls.__returning__] for cls in used)  # type: ignore[name-defined]
