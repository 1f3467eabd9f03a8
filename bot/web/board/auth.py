"""Who is looking at the board: a Telegram Mini App user (``initData`` checked, the role read
from the database on every request) or a wall-screen link (a token, read only)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from db.base import utcnow
from db.models import Person, Role
from services import people
from services.board import init_data, links

INIT_DATA_HEADER = "X-Telegram-Init-Data"
TOKEN_HEADER = "X-Board-Token"
# Who may open the board in Telegram.
BOARD_ROLES = frozenset({Role.OPERATOR, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Viewer:
    person: Person | None  # None: a wall-screen link
    roles: frozenset[Role]
    link_id: int | None = None

    @property
    def is_link(self) -> bool:
        return self.link_id is not None


def unauthorized() -> web.HTTPUnauthorized:
    return web.HTTPUnauthorized(text="401: unauthorized")


def forbidden() -> web.HTTPForbidden:
    return web.HTTPForbidden(text="403: forbidden")


async def by_token(session: AsyncSession, token: str) -> Viewer:
    link = await links.resolve(session, token)
    if link is None:
        raise unauthorized()
    return Viewer(None, frozenset(), link.id)


async def by_init_data(session: AsyncSession, settings: Settings, raw: str) -> Viewer:
    token = settings.telegram.token
    if token is None:
        raise unauthorized()
    user = init_data.verify(raw, token.get_secret_value(), utcnow())
    if user is None:
        raise unauthorized()
    person = await people.by_telegram_id(session, user.telegram_id)
    if person is None or not person.is_active:
        raise forbidden()
    roles = set(person.role_set)
    if user.telegram_id in settings.access.admins:
        roles.add(Role.ADMIN)
    if not roles & BOARD_ROLES:
        raise forbidden()
    return Viewer(person, frozenset(roles))


async def viewer_of(request: web.Request, session: AsyncSession, settings: Settings) -> Viewer:
    """From the request's headers: ``X-Telegram-Init-Data`` or ``X-Board-Token``."""
    raw = request.headers.get(INIT_DATA_HEADER)
    if raw:
        return await by_init_data(session, settings, raw)
    token = request.headers.get(TOKEN_HEADER)
    if token:
        return await by_token(session, token)
    raise unauthorized()
