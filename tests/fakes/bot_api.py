"""A fake Telegram Bot API server (aiohttp) that the real bot talks to over HTTP.

It keeps what a test needs to see: every message per chat (with edits applied), callback
answers, command lists and files; it serves getUpdates with Telegram's offset and long-poll
semantics, or pushes updates to a webhook (retrying until it gets a 200), and it can be told
to answer 429 (retry_after), 403 (blocked) or 5xx, to lose its answer after doing what was
asked, to refuse callback answers that come too late, to enforce Telegram's rate limits, or
to hold a request until the test lets it go.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_ID = 7000001
BOT_USERNAME = "helpdesk_test_bot"
_JSON_FIELDS = {
    "reply_markup",
    "menu_button",
    "allowed_updates",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
    "media",
}


# The kind of a chat event that only took a keyboard off a message.
KEYBOARD_REMOVED = "keyboard_removed"


@dataclass
class SentFile:
    file_id: str
    filename: str
    content: bytes


@dataclass
class BotMessage:
    chat_id: int
    message_id: int
    text: str = ""
    reply_markup: dict[str, Any] | None = None
    document: SentFile | None = None
    photo: SentFile | None = None
    deleted: bool = False
    edits: int = 0

    @property
    def buttons(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def button_data(self, label: str) -> str | None:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        for row in rows:
            for button in row:
                if button["text"] == label:
                    return button.get("callback_data")
        return None


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class CallRecord:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class ChatLog:
    messages: list[BotMessage] = field(default_factory=list)
    events: list[tuple[str, BotMessage]] = field(default_factory=list)


class FakeBotAPI:
    def __init__(self, token_check: str | None = None) -> None:
        self.token_check = token_check
        self.updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self._update_ids = itertools.count(100_000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self.chats: dict[int, ChatLog] = defaultdict(ChatLog)
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.files: dict[str, SentFile] = {}
        self.calls: list[CallRecord] = []
        self.webhook: dict[str, Any] = {}
        self.blocked: set[int] = set()
        self._failures: dict[str, list[Failure]] = defaultdict(list)
        self._holds: dict[int, asyncio.Event] = {}
        self.held = asyncio.Event()
        self._held_methods: dict[str, asyncio.Event] = {}
        self.pushed: dict[int, dict[str, Any]] = {}
        # Like Telegram: the update kinds the bot asked for (getUpdates or setWebhook
        # allowed_updates; None: all); updates of other kinds are never delivered.
        self.allowed_updates: frozenset[str] | None = None
        self.undelivered: list[dict[str, Any]] = []
        # Answers lost after the call was carried out: method -> statuses still to "lose".
        self._lost_answers: dict[str, list[int]] = defaultdict(list)
        # Seconds within which a callback query can be answered (None: any time).
        self.callback_answer_window: float | None = None
        self._callback_pushed_at: dict[str, float] = {}
        self._limits: RateLimits | None = None
        self.rate_limited = 0
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status or 0)
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # ----- lifecycle
    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._closing = True
        await self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        for event in [*self._holds.values(), *self._held_methods.values()]:
            event.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----- scripting
    def fail_next(
        self, method: str, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        descriptions = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: "Forbidden: bot was blocked by the user",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        for _ in range(times):
            self._failures[method].append(
                Failure(status, descriptions.get(status, "Error"), retry_after)
            )

    def lose_answers(self, method: str, status: int = 502, times: int = 1) -> None:
        """Carry out the next calls of ``method`` but answer them with ``status``: the
        message reached the chat, the bot never learnt it."""
        self._lost_answers[method].extend([status] * times)

    def enforce_rate_limits(
        self, per_chat_seconds: float = 1.0, per_group_minute: int = 20, per_second: int = 30
    ) -> None:
        """Answer 429 beyond Telegram's limits (``rate_limited`` counts them)."""
        self._limits = RateLimits(per_chat_seconds, per_group_minute, per_second)

    def hold_sends_to(self, chat_id: int) -> None:
        """Sends to this chat hang until released; ``held`` is set when one arrives."""
        self._holds[chat_id] = asyncio.Event()

    def release(self, chat_id: int) -> None:
        self._holds.pop(chat_id).set()

    def hold_method(self, method: str) -> None:
        """Calls of this method hang (``held`` is set) until released: a handler mid-flight."""
        self._held_methods[method] = asyncio.Event()

    def release_method(self, method: str) -> None:
        self._held_methods.pop(method).set()

    async def push_update(self, payload: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update; passing an old ``update_id`` simulates Telegram redelivering it."""
        update_id = next(self._update_ids) if update_id is None else update_id
        callback = payload.get("callback_query")
        if callback is not None:
            self._callback_pushed_at.setdefault(str(callback["id"]), time.monotonic())
        self.pushed[update_id] = {"update_id": update_id, **payload}
        if self._deliverable(payload):
            self.updates.append({"update_id": update_id, **payload})
            self.updates.sort(key=lambda u: u["update_id"])
        else:
            self.undelivered.append({"update_id": update_id, **payload})
        await self._notify()
        return update_id

    def _deliverable(self, update: dict[str, Any]) -> bool:
        kinds = set(update) - {"update_id"}
        return self.allowed_updates is None or bool(kinds & self.allowed_updates)

    def _set_allowed_updates(self, params: dict[str, Any]) -> None:
        """Telegram keeps the previous setting when none is given; an empty list means all."""
        allowed = params.get("allowed_updates")
        if allowed is None:
            return
        self.allowed_updates = frozenset(allowed) or None
        self.undelivered.extend(u for u in self.updates if not self._deliverable(u))
        self.updates = [u for u in self.updates if self._deliverable(u)]

    def new_file(self, filename: str, content: bytes) -> SentFile:
        file_id = f"file-{next(self._file_ids)}"
        sent = SentFile(file_id, filename, content)
        self.files[file_id] = sent
        return sent

    def calls_of(self, method: str) -> list[CallRecord]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> Any:
        async def _wait() -> Any:
            async with self._changed:
                while True:
                    result = predicate()
                    if result:
                        return result
                    await self._changed.wait()

        return await asyncio.wait_for(_wait(), timeout)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _hold(self, release: asyncio.Event) -> None:
        self.held.set()
        await self._notify()  # a test may be waiting for ``held``
        await release.wait()

    # ----- HTTP
    async def _handle(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if self.token_check is not None and token != self.token_check:
            return _error(401, "Unauthorized")
        params = await _read_params(request)
        self.calls.append(CallRecord(method, params, time.monotonic()))
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            extra = {"retry_after": failure.retry_after} if failure.retry_after else None
            return _error(failure.status, failure.description, extra)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, f"Not Found: method {method} is not faked")
        if method in self._held_methods:
            await self._hold(self._held_methods[method])
        chat_id = _int_or_none(params.get("chat_id"))
        if chat_id is not None and chat_id in self._holds and method.startswith("send"):
            await self._hold(self._holds[chat_id])
        if chat_id is not None and chat_id in self.blocked and method.startswith("send"):
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat_id is not None and self._limits is not None and method.startswith("send"):
            wait = self._limits.take(chat_id)
            if wait:
                self.rate_limited += 1
                return _error(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        try:
            result = await handler(params)
        except _ApiError as exc:
            return _error(400, exc.description)
        await self._notify()
        lost = self._lost_answers.get(method)
        if lost:
            return _error(lost.pop(0), "Bad Gateway")
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for sent in self.files.values():
            if f"files/{sent.file_id}" == path:
                return web.Response(body=sent.content)
        return web.Response(status=404)

    # ----- methods
    async def _m_getMe(self, _: dict[str, Any]) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Helpdesk", "username": BOT_USERNAME}

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._set_allowed_updates(params)
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self.updates and not self._closing and time.monotonic() < deadline:
            try:
                async with self._changed:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return self.updates[:limit]

    async def _m_deleteWebhook(self, _: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        self._set_allowed_updates(params)
        if self._webhook_task is None:
            self._webhook_task = asyncio.create_task(self._push_to_webhook())
        return True

    async def _push_to_webhook(self) -> None:
        """Like Telegram: every pending update is posted (several at a time) until a 200."""
        in_flight: set[int] = set()
        retry_at: dict[int, float] = {}
        slots = asyncio.Semaphore(8)
        posts: set[asyncio.Task[None]] = set()
        async with aiohttp.ClientSession() as http:
            while not self._closing:
                now = time.monotonic()
                for update in list(self.updates):
                    update_id = update["update_id"]
                    if update_id in in_flight or retry_at.get(update_id, 0) > now:
                        continue
                    in_flight.add(update_id)
                    await slots.acquire()
                    post = asyncio.create_task(self._post(http, update, in_flight, retry_at, slots))
                    posts.add(post)
                    post.add_done_callback(posts.discard)
                async with self._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), 0.2)

    async def _post(
        self,
        http: aiohttp.ClientSession,
        update: dict[str, Any],
        in_flight: set[int],
        retry_at: dict[int, float],
        slots: asyncio.Semaphore,
    ) -> None:
        update_id = update["update_id"]
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(self.webhook.get("secret_token", ""))}
        status = 0
        try:
            timeout = aiohttp.ClientTimeout(total=60)
            async with http.post(
                self.webhook["url"], json=update, headers=headers, timeout=timeout
            ) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        finally:
            slots.release()
            in_flight.discard(update_id)
        self.webhook_deliveries.append((update_id, status))
        if status == 200:
            self.updates = [u for u in self.updates if u["update_id"] != update_id]
        else:
            retry_at[update_id] = time.monotonic() + 1.0
        await self._notify()

    async def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands[_scope_key(params.get("scope"))] = params["commands"]
        return True

    async def _m_setChatMenuButton(self, params: dict[str, Any]) -> bool:
        return True

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_scope_key(params.get("scope")), None)
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params["callback_query_id"])
        pushed_at = self._callback_pushed_at.get(query_id)
        window = self.callback_answer_window
        if window is not None and pushed_at is not None and time.monotonic() - pushed_at > window:
            raise _ApiError(
                "Bad Request: query is too old and response timeout expired or query id is invalid"
            )
        self.callback_answers[query_id] = params
        return True

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._store(params, text=str(params.get("text", "")))
        return self._message_json(message)

    async def _m_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = self._file_param(params["document"])
        message = self._store(params, text=str(params.get("caption", "")), document=document)
        return self._message_json(message)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = self._file_param(params["photo"])
        message = self._store(params, text=str(params.get("caption", "")), photo=photo)
        return self._message_json(message)

    async def _m_sendVideo(self, params: dict[str, Any]) -> dict[str, Any]:
        video = self._file_param(params["video"])  # kept where a document is: a file shown
        message = self._store(params, text=str(params.get("caption", "")), document=video)
        return self._message_json(message)

    async def _m_sendVoice(self, params: dict[str, Any]) -> dict[str, Any]:
        voice = self._file_param(params["voice"])
        message = self._store(params, text=str(params.get("caption", "")), document=voice)
        return self._message_json(message)

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        if message.text == params["text"] and message.reply_markup == params.get("reply_markup"):
            raise _ApiError("Bad Request: message is not modified")
        message.text = str(params["text"])
        message.reply_markup = params.get("reply_markup")
        return self._edited(message)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        message.reply_markup = params.get("reply_markup")
        if message.reply_markup:
            return self._edited(message)
        # An older message losing its keyboard shows the person nothing new (the bot may do
        # it just after sending the next message): not an event a user waits for.
        message.edits += 1
        self.chats[message.chat_id].events.append((KEYBOARD_REMOVED, message))
        return self._message_json(message)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> bool:
        message = self._find(params)
        message.deleted = True
        self.chats[message.chat_id].events.append(("delete", message))
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self.files.get(str(params["file_id"]))
        if sent is None:
            raise _ApiError("Bad Request: invalid file_id")
        return {
            "file_id": sent.file_id,
            "file_unique_id": sent.file_id,
            "file_size": len(sent.content),
            "file_path": f"files/{sent.file_id}",
        }

    # ----- helpers
    def _store(self, params: dict[str, Any], **content: Any) -> BotMessage:
        chat_id = int(params["chat_id"])
        message = BotMessage(
            chat_id=chat_id,
            message_id=next(self._message_ids),
            reply_markup=params.get("reply_markup"),
            **content,
        )
        log = self.chats[chat_id]
        log.messages.append(message)
        log.events.append(("new", message))
        return message

    def _find(self, params: dict[str, Any]) -> BotMessage:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.chats[chat_id].messages:
            if message.message_id == message_id and not message.deleted:
                return message
        raise _ApiError("Bad Request: message to edit not found")

    def _edited(self, message: BotMessage) -> dict[str, Any]:
        message.edits += 1
        self.chats[message.chat_id].events.append(("edit", message))
        return self._message_json(message)

    def _file_param(self, value: Any) -> SentFile:
        if isinstance(value, SentFile):
            if not value.file_id:
                value.file_id = f"file-{next(self._file_ids)}"
                self.files[value.file_id] = value
            return value
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise _ApiError("Bad Request: wrong file identifier")

    def _message_json(self, message: BotMessage) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": {"id": message.chat_id, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Helpdesk"},
            "text": message.text,
        }
        if message.reply_markup:
            payload["reply_markup"] = message.reply_markup
        if message.document:
            payload["document"] = {
                "file_id": message.document.file_id,
                "file_unique_id": message.document.file_id,
                "file_name": message.document.filename,
            }
        return payload


class RateLimits:
    """Telegram's limits: about one message a second per chat, 20 a minute per group and
    30 a second in all; ``take`` says how many seconds to wait (0: the send may go)."""

    def __init__(self, per_chat_seconds: float, per_group_minute: int, per_second: int) -> None:
        self.per_chat_seconds = per_chat_seconds
        self.per_group_minute = per_group_minute
        self.per_second = per_second
        self._last_in_chat: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = defaultdict(deque)
        self._all_sends: deque[float] = deque()

    def take(self, chat_id: int) -> int:
        now = time.monotonic()
        while self._all_sends and now - self._all_sends[0] >= 1.0:
            self._all_sends.popleft()
        if len(self._all_sends) >= self.per_second:
            return 1
        if chat_id < 0:
            sends = self._group_sends[chat_id]
            while sends and now - sends[0] >= 60.0:
                sends.popleft()
            if len(sends) >= self.per_group_minute:
                return max(1, int(60 - (now - sends[0])) + 1)
            sends.append(now)
        else:
            last = self._last_in_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_seconds:
                return 1
            self._last_in_chat[chat_id] = now
        self._all_sends.append(now)
        return 0


class _ApiError(Exception):
    def __init__(self, description: str) -> None:
        self.description = description


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _scope_key(scope: dict[str, Any] | None) -> str:
    if not scope:
        return "default"
    return f"{scope['type']}:{scope.get('chat_id', '')}"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    uploads: dict[str, SentFile] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = SentFile("", value.filename, value.file.read())
        else:
            params[key] = json.loads(value) if key in _JSON_FIELDS else value
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = uploads[value.removeprefix("attach://")]
    for key, upload in uploads.items():
        params.setdefault(key, upload)
    return params
