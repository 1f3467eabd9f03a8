"""/board and «🖥 Табло»: the list of active links, «➕ Новая ссылка» (shown once), revoking
one after a confirmation. Admins only; every button re-checks the role (HasRole reads it
from the database on each update) and the link it names."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, WebAppInfo
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.views.callbacks import RowId
from bot.views.formatting import format_moment
from handlers.common.admin_screen import admin_screen_router, close_screen
from services import outbox
from services.board import links


class BoardCb(CallbackData, prefix="brd"):
    a: str  # new, ask, revoke, keep, close
    id: RowId = 0


def create_router() -> Router:
    router, admins = admin_screen_router(
        "board",
        command="board",
        menu_item="board",
        buttons=BoardCb,
        screen=_screen,
        refusal_key="board-links-admins-only",
    )
    admins.callback_query.register(new_link, BoardCb.filter(F.a == "new"))
    admins.callback_query.register(ask_revoke, BoardCb.filter(F.a == "ask"))
    admins.callback_query.register(revoke, BoardCb.filter(F.a == "revoke"))
    admins.callback_query.register(keep, BoardCb.filter(F.a == "keep"))
    admins.callback_query.register(close_screen, BoardCb.filter(F.a == "close"))
    return router


def _app_url(ctx: RequestContext) -> str | None:
    url = ctx.settings.api.public_url
    return f"{url}/board/app" if ctx.settings.api.enabled and url.startswith("https://") else None


async def _screen(ctx: RequestContext) -> tuple[str, InlineKeyboardMarkup]:
    await outbox.forget_shown_once(
        ctx.session, links.SHOWN_ONCE_KIND, ctx.i18n.plain("board-link-forgotten")
    )
    active = await links.active(ctx.session)
    tz = ctx.settings.company.tz
    lines = [ctx.i18n("board-links-title"), "", ctx.i18n("board-links-count", count=len(active))]
    lines += [
        ctx.i18n(
            "board-links-item",
            id=link.id,
            at=format_moment(link.created_at, tz),
            used=format_moment(link.last_used_at, tz) if link.last_used_at else "-",
        )
        for link in active
    ]
    builder = InlineKeyboardBuilder()
    app = _app_url(ctx)
    if app is not None:
        builder.button(text=ctx.i18n.plain("board-menu-button"), web_app=WebAppInfo(url=app))
    builder.button(text=ctx.i18n.plain("board-link-new"), callback_data=BoardCb(a="new"))
    for link in active:
        builder.button(
            text=ctx.i18n.plain("board-link-revoke", id=link.id),
            callback_data=BoardCb(a="ask", id=link.id),
        )
    builder.button(text=ctx.i18n.plain("board-btn-close"), callback_data=BoardCb(a="close"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


async def new_link(callback: CallbackQuery, ctx: RequestContext) -> None:
    made = await links.create(ctx.session, ctx.member, ctx.roles)
    url = f"{ctx.settings.api.base_url}/board/s/{made.token}"
    await callback.answer()
    if isinstance(callback.message, Message):
        # Through the outbox under its own key: its stored copy is blanked once the link is
        # used or the admin opens /board again, so only the token's hash stays at rest.
        outbox.enqueue(
            ctx.session,
            callback.message.chat.id,
            ctx.i18n("board-link-created", id=made.link.id, url=url),
            dedupe_key=outbox.shown_once_key(links.SHOWN_ONCE_KIND, made.link.id),
        )
        text, markup = await _screen(ctx)
        await callback.message.answer(text, reply_markup=markup)


async def ask_revoke(callback: CallbackQuery, callback_data: BoardCb, ctx: RequestContext) -> None:
    if not any(link.id == callback_data.id for link in await links.active(ctx.session)):
        await callback.answer(ctx.i18n.plain("board-link-gone"), show_alert=True)
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=ctx.i18n.plain("board-link-revoke-yes"),
        callback_data=BoardCb(a="revoke", id=callback_data.id),
    )
    builder.button(text=ctx.i18n.plain("board-link-revoke-no"), callback_data=BoardCb(a="keep"))
    builder.adjust(1)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("board-link-revoke-ask", id=callback_data.id), reply_markup=builder.as_markup()
        )


async def revoke(callback: CallbackQuery, callback_data: BoardCb, ctx: RequestContext) -> None:
    if not await links.revoke(ctx.session, callback_data.id, ctx.member, ctx.roles):
        await callback.answer(ctx.i18n.plain("board-link-gone"), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("board-link-revoked", id=callback_data.id))
        text, markup = await _screen(ctx)
        await callback.message.answer(text, reply_markup=markup)


async def keep(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(ctx.i18n("cancelled"))
