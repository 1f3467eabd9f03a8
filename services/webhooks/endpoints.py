"""Administrators' webhook endpoints: add, list, switch on and off, delete, the delivery log.

Every change is audited (``SETTINGS_CHANGED`` with ``{"what": "webhook"}``); the URL and the
secret never go into the audit log or the logs.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import WebhookDelivery, WebhookEndpoint
from services.audit import Actor, AuditAction, record
from services.webhooks.delivery import DISABLED_BY_ADMIN
from services.webhooks.events import EVENT_TYPES

URL_MAX = 500
SECRET_MIN, SECRET_MAX = 16, 200
LOG_SIZE = 15


def valid_url(text: str) -> str | None:
    """The URL if it is an absolute http(s) address with a host, else None."""
    url = text.strip()
    if not url or len(url) > URL_MAX or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        return None
    return url


def valid_secret(text: str) -> str | None:
    secret = text.strip()
    if not SECRET_MIN <= len(secret) <= SECRET_MAX or any(ch.isspace() for ch in secret):
        return None
    return secret


def new_secret() -> str:
    return secrets.token_hex(24)


def known_types(types: Iterable[str]) -> list[str]:
    wanted = set(types)
    return [t for t in EVENT_TYPES if t in wanted]


async def create(
    session: AsyncSession, actor: Actor, *, url: str, secret: str, event_types: Iterable[str]
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        url=url,
        secret=secret,
        event_types=known_types(event_types),
        enabled=True,
        consecutive_failures=0,
        created_by_id=actor.id,
    )
    session.add(endpoint)
    await session.flush()
    await _audit(session, actor, endpoint.id, "created")
    return endpoint


async def all_endpoints(session: AsyncSession) -> list[WebhookEndpoint]:
    return list((await session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))).all())


async def get(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint | None:
    return await session.get(WebhookEndpoint, endpoint_id)


async def set_enabled(
    session: AsyncSession, actor: Actor, endpoint: WebhookEndpoint, enabled: bool
) -> None:
    endpoint.enabled = enabled
    endpoint.disabled_reason = None if enabled else DISABLED_BY_ADMIN
    if enabled:
        endpoint.consecutive_failures = 0
    await _audit(session, actor, endpoint.id, "enabled" if enabled else "disabled")


async def remove(session: AsyncSession, actor: Actor, endpoint: WebhookEndpoint) -> None:
    endpoint_id = endpoint.id
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id))
    await session.delete(endpoint)
    await _audit(session, actor, endpoint_id, "deleted")


async def recent_deliveries(
    session: AsyncSession, endpoint_id: int, limit: int = LOG_SIZE
) -> list[WebhookDelivery]:
    rows = await session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def _audit(session: AsyncSession, actor: Actor, endpoint_id: int, change: str) -> None:
    await record(
        session,
        actor,
        AuditAction.SETTINGS_CHANGED,
        details={"what": "webhook", "endpoint_id": endpoint_id, "change": change},
    )
