"""Scripted Telegram users: they send text, press buttons by label, upload files and wait."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.fakes.bot_api import KEYBOARD_REMOVED, BotMessage, FakeBotAPI

_callback_ids = itertools.count(1)
_user_message_ids = itertools.count(1_000_000)


class FakeUser:
    def __init__(
        self,
        api: FakeBotAPI,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> None:
        self.api = api
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self._seen_events = 0
        self.sent_message_ids: list[int] = []

    # ----- what the user does
    def _from(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        user["language_code"] = "ru"
        return user

    def _message(self, **content: Any) -> dict[str, Any]:
        message_id = next(_user_message_ids)
        self.sent_message_ids.append(message_id)
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self._from(),
            **content,
        }

    @staticmethod
    def _text_content(text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return content

    async def send(self, text: str) -> int:
        return await self.api.push_update({"message": self._message(**self._text_content(text))})

    async def edit(self, message_id: int, text: str) -> int:
        """Edit a message this user sent (``sent_message_ids``): an ``edited_message`` update."""
        edited = {
            "message_id": message_id,
            "date": int(time.time()) - 1,
            "edit_date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self._from(),
            **self._text_content(text),
        }
        return await self.api.push_update({"edited_message": edited})

    async def forward(
        self, text: str, *, sender_name: str, hidden: bool = True, contact: Any = None
    ) -> int:
        """A message forwarded from someone else: ``forward_origin`` of type "hidden_user"
        (only the name) or "user" (``sender_name`` as first and last name)."""
        origin: dict[str, Any] = {"date": int(time.time()) - 60}
        if hidden:
            origin |= {"type": "hidden_user", "sender_user_name": sender_name}
        else:
            first, _, last = sender_name.partition(" ")
            sender = {"id": 555_000, "is_bot": False, "first_name": first}
            origin |= {
                "type": "user",
                "sender_user": sender | ({"last_name": last} if last else {}),
            }
        content: dict[str, Any] = {"forward_origin": origin, "text": text}
        if contact is not None:
            content["contact"] = contact
        return await self.api.push_update({"message": self._message(**content)})

    async def send_sticker(self) -> int:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "sticker-1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self.api.push_update({"message": self._message(sticker=sticker)})

    async def upload(self, filename: str, content: bytes, caption: str | None = None) -> int:
        sent = self.api.new_file(filename, content)
        document = {
            "file_id": sent.file_id,
            "file_unique_id": sent.file_id,
            "file_name": filename,
            "file_size": len(content),
        }
        extra = {"caption": caption} if caption else {}
        return await self.api.push_update({"message": self._message(document=document, **extra)})

    async def press(self, label: str, message: BotMessage | None = None) -> dict[str, Any]:
        """Press the button with this label on ``message`` (default: the newest that has it)."""
        target = message or self.message_with_button(label)
        data = target.button_data(label)
        assert data is not None, f"no button {label!r} on message {target.text!r}: {target.buttons}"
        return await self.press_data(data, target)

    async def press_data(self, data: str, message: BotMessage) -> dict[str, Any]:
        """Send callback data as-is: used to forge buttons, too."""
        callback_id = str(next(_callback_ids))
        await self.api.push_update(
            {
                "callback_query": {
                    "id": callback_id,
                    "from": self._from(),
                    "chat_instance": str(self.id),
                    "data": data,
                    "message": {
                        "message_id": message.message_id,
                        "date": int(time.time()),
                        "chat": {"id": self.id, "type": "private"},
                        "from": {"id": 1, "is_bot": True, "first_name": "Helpdesk"},
                        "text": message.text,
                        # Telegram sends the message's buttons with the press.
                        **({"reply_markup": message.reply_markup} if message.reply_markup else {}),
                    },
                }
            }
        )
        return await self.api.wait_for(lambda: self.api.callback_answers.get(callback_id))

    # ----- what the user sees
    @property
    def messages(self) -> list[BotMessage]:
        return [m for m in self.api.chats[self.id].messages if not m.deleted]

    @property
    def last(self) -> BotMessage:
        return self.messages[-1]

    def message_with_button(self, label: str) -> BotMessage:
        for message in reversed(self.messages):
            if label in message.buttons:
                return message
        raise AssertionError(f"no message with button {label!r}; saw {self.texts()}")

    def texts(self) -> list[str]:
        return [m.text for m in self.messages]

    async def next_event(self, timeout: float = 10.0) -> BotMessage:
        """The next message sent or edited for this user since the last call."""
        events = self.api.chats[self.id].events

        def ready() -> BotMessage | None:
            while len(events) > self._seen_events:
                kind, message = events[self._seen_events]
                self._seen_events += 1
                if kind != KEYBOARD_REMOVED:
                    return message
            return None

        return await self.api.wait_for(ready, timeout)

    async def expect(self, fragment: str, timeout: float = 10.0) -> BotMessage:
        """Wait until a message (new or edited) containing ``fragment`` shows up."""
        events = self.api.chats[self.id].events

        def found() -> BotMessage | None:
            for index in range(self._seen_events, len(events)):
                if events[index][0] != KEYBOARD_REMOVED and fragment in events[index][1].text:
                    self._seen_events = index + 1
                    return events[index][1]
            return None

        try:
            return await self.api.wait_for(found, timeout)
        except TimeoutError:
            raise AssertionError(f"{fragment!r} never came; saw {self.texts()}") from None

    def skip_seen(self) -> None:
        self._seen_events = len(self.api.chats[self.id].events)
