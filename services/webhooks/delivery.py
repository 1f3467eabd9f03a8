"""The webhook deliveries' queue: the same short transactions as the outbox.

A delivery is *claimed* with a lease (one short transaction), POSTed outside any transaction,
and its outcome recorded in another. The lease outlasts the request's timeout, so a delivery
is never sent by two processes at once; a process that dies frees its claims when the lease
runs out. Failures that prove nothing was delivered are retried with back-off for up to 24
hours; uncertain ones (a timeout, a 5xx) make at most ``AMBIGUOUS_ATTEMPTS`` tries in all.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import WebhookDelivery, WebhookEndpoint
from services.outbox import AMBIGUOUS_ATTEMPTS, GIVE_UP_AFTER

LEASE_EXTRA_SECONDS = 20.0
DISABLED_BY_FAILURES = "failures"
DISABLED_BY_ADMIN = "admin"


class Verdict(enum.Enum):
    DELIVERED = "delivered"
    NOT_DELIVERED = "not_delivered"  # proves nothing was accepted: retried freely
    AMBIGUOUS = "ambiguous"  # may have been accepted: retried at most twice more


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    status: int | None = None
    reason: str = ""
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed delivery with what sending it needs."""

    id: int
    endpoint_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: str
    attempts: int
    ambiguous_failures: int
    created_at: datetime


def _pending() -> Any:
    return and_(WebhookDelivery.delivered_at.is_(None), WebhookDelivery.failed_at.is_(None))


def _unclaimed(now: datetime) -> Any:
    return or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now)


async def due(
    session: AsyncSession,
    limit: int,
    now: datetime,
    *,
    in_flight: Mapping[int, int] | None = None,
    per_endpoint: int | None = None,
) -> list[int]:
    """Deliveries due now, free, to enabled endpoints (oldest first). With ``per_endpoint``,
    no endpoint gets more than that many counting its ``in_flight`` ones, so one slow
    receiver cannot take every sending slot."""
    in_flight = in_flight or {}
    full = [e for e, n in in_flight.items() if per_endpoint is not None and n >= per_endpoint]
    query = (
        select(WebhookDelivery.id, WebhookDelivery.endpoint_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.next_attempt_at <= now,
            _pending(),
            _unclaimed(now),
            WebhookEndpoint.enabled.is_(True),
        )
        .order_by(WebhookDelivery.id)
        # A few more than asked, so that an endpoint at its cap does not hide the others.
        .limit(limit if per_endpoint is None else limit * 4)
    )
    if full:
        query = query.where(WebhookDelivery.endpoint_id.not_in(full))
    taken: Counter[int] = Counter(in_flight)
    ids: list[int] = []
    for delivery_id, endpoint_id in await session.execute(query):
        if per_endpoint is not None and taken[endpoint_id] >= per_endpoint:
            continue
        taken[endpoint_id] += 1
        ids.append(delivery_id)
        if len(ids) == limit:
            break
    return ids


async def claim(
    session: AsyncSession, ids: Sequence[int], now: datetime, lease_seconds: float
) -> list[Claimed]:
    """Lease those still free; another process may have taken the others."""
    if not ids:
        return []
    taken = await session.scalars(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(ids), _pending(), _unclaimed(now))
        .values(claimed_until=now + timedelta(seconds=lease_seconds + LEASE_EXTRA_SECONDS))
        .returning(WebhookDelivery.id)
    )
    claimed_ids = list(taken.all())
    if not claimed_ids:
        return []
    rows = await session.execute(
        select(WebhookDelivery, WebhookEndpoint.url, WebhookEndpoint.secret)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.id.in_(claimed_ids))
        .order_by(WebhookDelivery.id)
        .execution_options(populate_existing=True)
    )
    return [
        Claimed(
            id=delivery.id,
            endpoint_id=delivery.endpoint_id,
            url=url,
            secret=secret,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            body=delivery.body,
            attempts=delivery.attempts,
            ambiguous_failures=delivery.ambiguous_failures,
            created_at=delivery.created_at,
        )
        for delivery, url, secret in rows
    ]


def backoff(item: Claimed, outcome: Outcome, max_seconds: int) -> timedelta:
    if outcome.retry_after is not None:
        return timedelta(seconds=min(outcome.retry_after, max_seconds))
    if outcome.verdict is Verdict.AMBIGUOUS:
        return timedelta(seconds=3**item.ambiguous_failures)  # 1 s, then 3 s
    return timedelta(seconds=min(2**item.attempts, max_seconds))


async def record(
    session: AsyncSession,
    item: Claimed,
    outcome: Outcome,
    now: datetime,
    *,
    disable_after: int,
    max_backoff: int,
) -> WebhookEndpoint | None:
    """Store the outcome; returns the endpoint when this failure has just switched it off."""
    values: dict[str, Any] = {
        "attempts": WebhookDelivery.attempts + 1,
        "last_status": outcome.status,
        "claimed_until": None,
    }
    if outcome.verdict is Verdict.DELIVERED:
        values |= {"delivered_at": now, "error": None}
        await _update(session, item.id, values)
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == item.endpoint_id, WebhookEndpoint.consecutive_failures > 0)
            .values(consecutive_failures=0)
        )
        return None
    ambiguous = item.ambiguous_failures + (1 if outcome.verdict is Verdict.AMBIGUOUS else 0)
    values |= {"ambiguous_failures": ambiguous, "error": outcome.reason[:200]}
    if ambiguous >= AMBIGUOUS_ATTEMPTS or now - item.created_at > GIVE_UP_AFTER:
        values |= {"failed_at": now, "error": f"gave up: {outcome.reason}"[:200]}
    else:
        values["next_attempt_at"] = now + backoff(item, outcome, max_backoff)
    await _update(session, item.id, values)
    failures = await session.scalar(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == item.endpoint_id)
        .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1)
        .returning(WebhookEndpoint.consecutive_failures)
    )
    if failures is None or failures < disable_after:
        return None
    # Conditional: of several processes failing at once, one switches it off and tells.
    switched = await session.scalar(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == item.endpoint_id, WebhookEndpoint.enabled.is_(True))
        .values(enabled=False, disabled_reason=DISABLED_BY_FAILURES)
        .returning(WebhookEndpoint.id)
    )
    if switched is None:
        return None
    return await session.get(WebhookEndpoint, item.endpoint_id, populate_existing=True)


async def _update(session: AsyncSession, delivery_id: int, values: dict[str, Any]) -> None:
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
