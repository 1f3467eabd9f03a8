"""Sends the webhook deliveries: claimed in one short transaction, POSTed outside any
transaction (signed with the endpoint's secret), recorded in another. Runs in every process;
the claims keep each delivery to one sender at a time (see ``services.webhooks.delivery``).

What a failure proves decides the retry: no connection, a connect timeout, 408, 429 or another
4xx (the receiver answered that it did not take the event) prove nothing was accepted and are
retried with back-off (1 s, 2 s, 4 s ... up to ``max_backoff_seconds``; 429's ``Retry-After``)
for up to 24 hours; a timeout after the request went out, a dropped connection or a 5xx may
have been accepted, so such a delivery is tried at most three times in all.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections import Counter

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import get_translator
from bot.waiting import first_of
from db.base import utcnow
from db.engine import read_session
from db.models import WebhookEndpoint
from services import outbox
from services.audit import SYSTEM, AuditAction
from services.audit import record as audit
from services.people import admin_chat_ids
from services.webhooks import delivery
from services.webhooks.delivery import Claimed, Outcome, Verdict

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 1.0
# Deliveries POSTed at once, and at most this many to one endpoint: a slow receiver holds
# back only its own events. Each is sent right after its claim, so the lease (the timeout
# plus 20 s) always covers the request.
IN_FLIGHT = 8
PER_ENDPOINT = 2
RECORD_ATTEMPTS = 3
SIGNATURE_HEADER = "X-Helpdesk-Signature"
EVENT_ID_HEADER = "X-Helpdesk-Event-Id"
EVENT_HEADER = "X-Helpdesk-Event"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _retry_after(response: aiohttp.ClientResponse) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def verdict_of(status: int) -> Verdict:
    if 200 <= status < 300:
        return Verdict.DELIVERED
    if status >= 500:
        return Verdict.AMBIGUOUS
    return Verdict.NOT_DELIVERED


class WebhookSender:
    def __init__(
        self, settings: Settings, session_factory: async_sessionmaker[AsyncSession]
    ) -> None:
        self._settings = settings
        self._config = settings.webhooks
        self._session_factory = session_factory
        self._http: aiohttp.ClientSession | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self._per_endpoint: Counter[int] = Counter()
        self._finished = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop``; POSTs in flight are finished and recorded. A finished POST frees its
        slot at once: nobody waits for a round's slowest receiver."""
        try:
            while not stop.is_set():
                try:
                    claimed = await self._claim()
                except Exception:
                    log.exception("webhook claim failed")
                    claimed = []
                for item in claimed:
                    self._start(item)
                if claimed and len(self._sending) < IN_FLIGHT:
                    continue  # more may be due for the endpoints still free
                await first_of(stop, self._finished, timeout=IDLE_POLL_SECONDS)
                self._finished.clear()
        finally:
            await self._drain()
            await self.close()

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _claim(self) -> list[Claimed]:
        free = IN_FLIGHT - len(self._sending)
        if free <= 0:
            return []
        now = utcnow()
        async with read_session(self._session_factory) as session:
            ids = await delivery.due(
                session, free, now, in_flight=self._per_endpoint, per_endpoint=PER_ENDPOINT
            )
        if not ids:
            return []
        async with self._session_factory() as session, session.begin():
            return await delivery.claim(session, ids, now, self._config.timeout_seconds)

    def _start(self, item: Claimed) -> None:
        self._per_endpoint[item.endpoint_id] += 1
        task = asyncio.create_task(self._deliver(item))
        self._sending.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            if not finished.cancelled() and finished.exception() is not None:
                log.error("webhook delivery crashed", exc_info=finished.exception())
            self._sending.discard(finished)
            self._per_endpoint[item.endpoint_id] -= 1
            if not self._per_endpoint[item.endpoint_id]:
                del self._per_endpoint[item.endpoint_id]
            self._finished.set()

        task.add_done_callback(done)

    async def _drain(self) -> None:
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def _client(self) -> aiohttp.ClientSession:
        if self._http is None:
            timeout = aiohttp.ClientTimeout(total=self._config.timeout_seconds)
            self._http = aiohttp.ClientSession(timeout=timeout)
        return self._http

    async def _deliver(self, item: Claimed) -> None:
        outcome = await self.post(item)
        for attempt in range(RECORD_ATTEMPTS):
            try:
                async with self._session_factory() as session, session.begin():
                    disabled = await delivery.record(
                        session,
                        item,
                        outcome,
                        utcnow(),
                        disable_after=self._config.disable_after_failures,
                        max_backoff=self._config.max_backoff_seconds,
                    )
                    if disabled is not None:
                        await self._tell_admins(session, disabled)
                break
            except Exception:
                log.exception("could not record a webhook outcome", extra={"attempt": attempt})
                await asyncio.sleep(1.0)
        if outcome.verdict is not Verdict.DELIVERED:
            log.warning(
                "webhook delivery failed",
                extra={
                    "delivery_id": item.id,
                    "endpoint_id": item.endpoint_id,
                    "status": outcome.status,
                    "reason": outcome.reason,
                },
            )

    async def post(self, item: Claimed) -> Outcome:
        body = item.body.encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(item.secret, body),
            EVENT_ID_HEADER: item.event_id,
            EVENT_HEADER: item.event_type,
            "User-Agent": "helpdesk-bot-webhooks",
        }
        try:
            async with self._client().post(
                item.url, data=body, headers=headers, allow_redirects=False
            ) as response:
                await response.read()
                verdict = verdict_of(response.status)
                return Outcome(
                    verdict,
                    status=response.status,
                    reason="" if verdict is Verdict.DELIVERED else f"HTTP {response.status}",
                    retry_after=_retry_after(response) if response.status == 429 else None,
                )
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError, aiohttp.InvalidURL):
            # The request never reached the receiver.
            return Outcome(Verdict.NOT_DELIVERED, reason="no connection")
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            return Outcome(Verdict.AMBIGUOUS, reason=type(exc).__name__)

    async def _tell_admins(self, session: AsyncSession, endpoint: WebhookEndpoint) -> None:
        i18n = get_translator(self._settings.company.locale)
        text = i18n(
            "webhooks-disabled-by-failures",
            id=endpoint.id,
            url=endpoint.url,
            failures=endpoint.consecutive_failures,
        )
        admins = await admin_chat_ids(session, frozenset(self._settings.access.admins))
        for chat_id in admins:
            outbox.enqueue(
                session, chat_id, text, dedupe_key=f"webhook-off:{endpoint.id}:{chat_id}"
            )
        await audit(
            session,
            SYSTEM,
            AuditAction.SETTINGS_CHANGED,
            details={"what": "webhook", "endpoint_id": endpoint.id, "disabled": "failures"},
        )
        log.warning("webhook endpoint disabled after failures", extra={"endpoint_id": endpoint.id})
