"""API keys on requests: ``Authorization: Bearer <key>``, scopes and the per-key rate limit.

Other HTTP features reuse it::

    from bot.api.auth import require_scope

    async def handler(request: web.Request) -> web.Response:
        principal = await require_scope(request, "read")  # raises 401 / 403 / 429 as JSON
        ...

``require_scope(request, scope)`` checks the key in its own short transaction (unknown,
malformed or revoked: 401; the key lacks ``scope``: 403, audited as denied; over the key's
limit: 429 with ``Retry-After``) and returns an :class:`ApiPrincipal`: the key's id, name
and scopes, the person API actions are done as (``author_id``), and ``actor`` for
``services.audit.record``. The limit is taken once per request, however often it is called.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api.errors import api_error
from bot.app import Runtime
from services.api import keys as api_keys
from services.api.ratelimit import Limiter, RateLimiter, RedisRateLimiter, retry_after
from services.audit import Actor, AuditAction, record
from services.current_versions import READ_ALONG, note_read_along

# Set by the API's ``setup`` (``bot.api.routes``): this module does not import the server.
RUNTIME: web.AppKey[Runtime] = web.AppKey("api_runtime", Runtime)
LIMITER_KEY: web.AppKey[Limiter] = web.AppKey("api_rate_limiter")


@dataclass(frozen=True, slots=True)
class ApiPrincipal:
    key_id: int
    name: str
    scopes: frozenset[str]
    author_id: int | None  # people.id API actions are done as (see ``[api] author_person_id``)

    @property
    def actor(self) -> Actor:
        return Actor.api_key(self.key_id, self.scopes)

    def has(self, scope: str) -> bool:
        return scope in self.scopes


_PRINCIPAL: web.RequestKey[ApiPrincipal] = web.RequestKey("api_principal", ApiPrincipal)


def bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate(
    session: AsyncSession, request: web.Request, scope: str | None
) -> ApiPrincipal:
    """The request's key, checked in ``session``'s transaction (see the module docstring)."""
    known = request.get(_PRINCIPAL)
    principal: ApiPrincipal
    if isinstance(known, ApiPrincipal):
        principal = known
    else:
        secret = bearer(request)
        runtime = request.app[RUNTIME]
        configured = runtime.settings.api.author_person_id or None  # 0: not set
        key, also = (
            await api_keys.find_key(session, secret, READ_ALONG, acting_person_id=configured)
            if secret
            else (None, ())
        )
        if key is None:
            raise api_error(
                401,
                "unauthorized",
                "A valid API key is required: Authorization: Bearer <key>.",
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        note_read_along(session, also)
        author = configured or key.created_by_id
        principal = ApiPrincipal(key.id, key.name, frozenset(key.scopes), author)
        request[_PRINCIPAL] = principal
        wait = await request.app[LIMITER_KEY].take(key.id)
        if wait is not None:
            raise api_error(
                429,
                "rate_limited",
                f"More than {request.app[LIMITER_KEY].per_minute} requests per minute.",
                headers={"Retry-After": str(retry_after(wait))},
            )
        await api_keys.touch(session, key)
    if scope is not None and not principal.has(scope):
        await record(
            session,
            principal.actor,
            AuditAction.API_CALL,
            result="denied",
            details={"endpoint": endpoint(request), "scope": str(scope)},
        )
        raise api_error(403, "forbidden", f"The key lacks the '{scope}' scope.")
    return principal


async def require_scope(request: web.Request, scope: str) -> ApiPrincipal:
    """The request's principal, holding ``scope``; raises the JSON 401/403/429 otherwise."""
    runtime = request.app[RUNTIME]
    denied: web.HTTPException | None = None
    async with runtime.session_factory() as session, session.begin():
        try:
            return await authenticate(session, request, scope)
        except web.HTTPForbidden as exc:
            denied = exc  # the denial's audit entry commits with the transaction
    raise denied


def endpoint(request: web.Request) -> str:
    """``"POST /api/v1/tickets"``: the route, not the path (no ticket numbers or queries)."""
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else request.path
    return f"{request.method} {canonical}"


def setup_auth(app: web.Application, runtime: Runtime) -> None:
    """The per-key limit: shared through Redis when ``[redis] url`` is set, else per process."""
    per_minute = runtime.settings.api.rate_limit_per_minute
    url = runtime.settings.redis.url
    if not url:
        app[LIMITER_KEY] = RateLimiter(per_minute)
        return
    limiter = RedisRateLimiter(Redis.from_url(url), per_minute)
    app[LIMITER_KEY] = limiter

    async def close(_app: web.Application) -> None:
        await limiter.close()

    app.on_cleanup.append(close)
