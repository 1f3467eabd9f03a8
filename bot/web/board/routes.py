"""The board's routes; see the package docstring."""

from __future__ import annotations

import contextlib
import logging
import time
from importlib import resources

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Runtime
from bot.i18n import Translator
from bot.web.board import cards, render
from bot.web.board.auth import Viewer, by_token, viewer_of
from bot.web.board.cache import FragmentCache
from bot.web.board.feed import ChangeFeed
from bot.web.board.keys import FEED_KEY, RUNTIME, translator
from bot.web.board.menu_button import MenuButtonSync
from db.base import utcnow
from services import outbox
from services.board import links
from services.board.read_model import BoardFilters, load_board
from services.deadlines.planner import planner_for
from services.tickets import rights

log = logging.getLogger(__name__)

PREFIX = "/board"
BUTTONS_KEY: web.AppKey[MenuButtonSync] = web.AppKey("board_buttons", MenuButtonSync)
CACHE_KEY: web.AppKey[FragmentCache] = web.AppKey("board_cache", FragmentCache)
# The server's clock (Unix seconds) with every fragment: a shared fragment may be a second old.
NOW_HEADER = "X-Board-Now"
PING_SECONDS = 15.0
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_STATIC = {"board.js": "text/javascript", "board.css": "text/css"}


def setup(app: web.Application, runtime: Runtime) -> None:
    feed = ChangeFeed(runtime.session_factory)
    app[FEED_KEY] = feed
    app[RUNTIME] = runtime
    buttons = MenuButtonSync(runtime)
    app[BUTTONS_KEY] = buttons
    app[CACHE_KEY] = FragmentCache()
    app.on_response_prepare.append(_security_headers)
    app.on_startup.append(_start_buttons)
    app.on_shutdown.append(_close_feed)
    app.router.add_get(f"{PREFIX}/static/{{name}}", static)
    app.router.add_get(f"{PREFIX}/app", app_page)
    app.router.add_get(f"{PREFIX}/s/{{token}}", screen_page)
    app.router.add_get(f"{PREFIX}/fragment", fragment)
    app.router.add_get(f"{PREFIX}/events", events)
    app.router.add_get(f"{PREFIX}/ticket/{{ticket_id:\\d+}}", cards.show)
    app.router.add_post(f"{PREFIX}/ticket/{{ticket_id:\\d+}}/{{action:take|assign}}", cards.act)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value


async def _start_buttons(app: web.Application) -> None:
    app[BUTTONS_KEY].start()


async def _close_feed(app: web.Application) -> None:
    await app[BUTTONS_KEY].stop()
    await app[FEED_KEY].close()


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _STATIC:
        raise web.HTTPNotFound()
    body = resources.files("bot.web.board").joinpath("static", name).read_text("utf-8")
    return web.Response(text=body, content_type=_STATIC[name], charset="utf-8")


async def app_page(request: web.Request) -> web.Response:
    i18n = translator(request.app[RUNTIME])
    loading = f'<p class="empty">{i18n.plain("board-loading")}</p>'
    return _html(
        render.page(i18n, mode="app", body=loading, tz=request.app[RUNTIME].settings.company.tz)
    )


async def board_html(
    session: AsyncSession, runtime: Runtime, viewer: Viewer, filters: BoardFilters
) -> str:
    settings = runtime.settings
    board = await load_board(
        session,
        viewer_id=viewer.person.id if viewer.person is not None else None,
        roles=viewer.roles,
        filters=filters,
        now=utcnow(),
        tz=settings.company.tz,
        planner=planner_for(settings.deadlines),
        all_tickets=viewer.is_link,
        with_subject=not viewer.is_link,
    )
    i18n = translator(runtime)
    return render.fragment(i18n, board, filters, settings.company.tz, read_only=viewer.is_link)


async def screen_page(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    i18n = translator(runtime)
    filters = BoardFilters.parse(request.query)
    async with runtime.session_factory() as session, session.begin():
        try:
            viewer = await by_token(session, request.match_info["token"])
            await links.mark_used(session, viewer.link_id, utcnow())
            await outbox.forget_shown_once(
                session, links.SHOWN_ONCE_KIND, i18n.plain("board-link-forgotten"), viewer.link_id
            )
        except web.HTTPUnauthorized:
            return _html(
                render.page(
                    i18n, mode="denied", body=_denied(i18n), tz=runtime.settings.company.tz
                ),
                status=401,
            )
    body = await shared_board(request, runtime, viewer, filters)
    return _html(render.page(i18n, mode="screen", body=body, tz=runtime.settings.company.tz))


def _denied(i18n: Translator) -> str:
    return f'<p class="empty">{render.escape(i18n.plain("board-unauthorized"))}</p>'


def _scope(viewer: Viewer) -> tuple[object, ...]:
    """Viewers with one scope see the same board."""
    if viewer.is_link:
        return ("link",)
    if rights.sees_all(viewer.roles):
        return ("all",)
    assert viewer.person is not None
    return ("person", viewer.person.id, tuple(sorted(viewer.roles)))


async def shared_board(
    request: web.Request, runtime: Runtime, viewer: Viewer, filters: BoardFilters
) -> str:
    """The board's fragment, rendered once for all viewers of one scope (``FragmentCache``)."""
    key = (*_scope(viewer), filters, request.app[FEED_KEY].version)

    async def render_now() -> str:
        # Its own connection: the requests waiting for this render hold none.
        async with runtime.session_factory() as session:
            return await board_html(session, runtime, viewer, filters)

    return await request.app[CACHE_KEY].get(key, render_now)


async def fragment(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    filters = BoardFilters.parse(request.query)
    async with runtime.session_factory() as session:
        viewer = await viewer_of(request, session, runtime.settings)
    body = await shared_board(request, runtime, viewer, filters)
    response = _html(body)
    response.headers[NOW_HEADER] = str(int(utcnow().timestamp()))
    return response


async def _still_allowed(request: web.Request, runtime: Runtime) -> bool:
    async with runtime.session_factory() as session:
        try:
            await viewer_of(request, session, runtime.settings)
        except (web.HTTPUnauthorized, web.HTTPForbidden):
            return False
    return True


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: ``change`` whenever the board changed (in any process)."""
    runtime = request.app[RUNTIME]
    feed = request.app[FEED_KEY]
    async with runtime.session_factory() as session:
        await viewer_of(request, session, runtime.settings)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    response.headers["X-Accel-Buffering"] = "no"
    await response.prepare(request)
    feed.subscribe()
    seen, access = feed.version, feed.access_version
    checked = time.monotonic()
    try:
        await response.write(f"retry: 1000\nevent: hello\ndata: {seen}\n\n".encode())
        while not feed.closed:
            version = await feed.wait(seen, PING_SECONDS)
            if feed.closed:
                break
            recheck = feed.access_version != access
            if recheck or time.monotonic() - checked >= PING_SECONDS:
                # A revoked link or a person who lost the role: the stream ends.
                access = feed.access_version
                if not await _still_allowed(request, runtime):
                    await response.write(b"event: denied\ndata: 0\n\n")
                    break
                checked = time.monotonic()
            if version != seen:
                seen = version
                await response.write(f"event: change\ndata: {seen}\n\n".encode())
            else:
                await response.write(b": ping\n\n")
        with contextlib.suppress(ConnectionResetError):
            await response.write_eof()
    except ConnectionResetError:
        pass  # the screen went away
    finally:
        feed.unsubscribe()
    return response


__all__ = ["setup"]
