"""Telegram Mini App ``initData``, checked per the Bot API's Web Apps rules.

``secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token)``;
``hash = hex(HMAC_SHA256(key=secret_key, msg=data_check_string))``, where the data-check
string is every other field as ``key=value``, sorted by key, joined by ``\\n``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

MAX_AGE = timedelta(hours=24)
MAX_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class WebAppUser:
    telegram_id: int
    auth_date: datetime


def _secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields))


def verify(init_data: str, bot_token: str, now: datetime) -> WebAppUser | None:
    """The user of a genuine, fresh ``initData``; ``None`` if forged, stale or malformed."""
    if not init_data or len(init_data) > MAX_LENGTH:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        return None  # a repeated key: ambiguous, refuse
    received = fields.pop("hash", "")
    expected = hmac.new(
        _secret(bot_token), _check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    if not received or not hmac.compare_digest(received, expected):
        return None
    try:
        auth_date = datetime.fromtimestamp(int(fields["auth_date"]), tz=now.tzinfo)
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError):
        return None
    if now - auth_date > MAX_AGE or auth_date - now > timedelta(minutes=5):
        return None
    return WebAppUser(telegram_id, auth_date)


def sign(fields: dict[str, str], bot_token: str) -> str:
    """``initData`` as Telegram would send it (for tests and benchmarks)."""
    digest = hmac.new(_secret(bot_token), _check_string(fields).encode(), hashlib.sha256)
    return urlencode({**fields, "hash": digest.hexdigest()})
