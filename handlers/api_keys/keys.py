"""The keys screen and its buttons. Every button re-checks the admin role from the database
(the router's filter) and the key it names; the new key's name and scopes live in FSM data.

The key itself goes out once, through the outbox under a dedupe key of its own; the copy the
outbox keeps is blanked (``services.api.keys.scrub_shown_secrets``) once it was sent: at the
key's first use, or the next time the keys screen is opened, whichever comes first.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, RowId
from services import outbox
from services.api import keys as api_keys
from services.audit import AuditAction, record

NAME, SCOPES = "api_key_name", "api_key_scopes"


class ApiKeyCb(CallbackData, prefix="apk"):
    action: str  # "new", "toggle", "create", "revoke", "confirm", "list"
    key_id: RowId = 0
    scope: str = ""


class ApiKeySG(StatesGroup):
    name = State()
    scopes = State()


def create_router() -> Router:
    router = Router(name="api-keys-screen")
    router.message.register(show_keys, Command("api_keys"))
    router.callback_query.register(show_keys_menu, MenuCb.filter(F.item == "api_keys"))
    router.callback_query.register(show_keys_menu, ApiKeyCb.filter(F.action == "list"))
    router.callback_query.register(ask_name, ApiKeyCb.filter(F.action == "new"))
    router.message.register(take_name, StateFilter(ApiKeySG.name), F.text)
    router.message.register(expect_name, StateFilter(ApiKeySG.name))
    router.callback_query.register(
        toggle_scope, StateFilter(ApiKeySG.scopes), ApiKeyCb.filter(F.action == "toggle")
    )
    router.callback_query.register(
        create, StateFilter(ApiKeySG.scopes), ApiKeyCb.filter(F.action == "create")
    )
    router.callback_query.register(stale, ApiKeyCb.filter(F.action.in_({"toggle", "create"})))
    router.callback_query.register(ask_revoke, ApiKeyCb.filter(F.action == "revoke"))
    router.callback_query.register(revoke, ApiKeyCb.filter(F.action == "confirm"))
    return router


def _scope_names(i18n: Translator, scopes: list[str]) -> str:
    return ", ".join(i18n.plain(f"api-scope-{scope}") for scope in scopes)


async def _keys_screen(ctx: RequestContext) -> tuple[str, InlineKeyboardMarkup]:
    await api_keys.scrub_shown_secrets(ctx.session)
    found = await api_keys.list_keys(ctx.session)
    tz = ctx.settings.company.tz
    lines = [ctx.i18n("api-keys-title")]
    builder = InlineKeyboardBuilder()
    for key in found:
        used = (
            key.last_used_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if key.last_used_at else "—"
        )
        lines.append(
            ctx.i18n(
                "api-keys-line-revoked" if key.revoked_at else "api-keys-line",
                name=key.name,
                prefix=key.prefix,
                scopes=_scope_names(ctx.i18n, list(key.scopes)),
                created=key.created_at.astimezone(tz).strftime("%d.%m.%Y"),
                used=used,
            )
        )
        if key.revoked_at is None:
            builder.button(
                text=ctx.i18n.plain("api-keys-btn-revoke", name=key.name, prefix=key.prefix),
                callback_data=ApiKeyCb(action="revoke", key_id=key.id),
            )
    if not found:
        lines.append(ctx.i18n("api-keys-empty"))
    builder.button(text=ctx.i18n.plain("api-keys-btn-new"), callback_data=ApiKeyCb(action="new"))
    builder.button(text=ctx.i18n.plain("btn-menu"), callback_data=MenuCb(item="home"))
    builder.adjust(1)
    return "\n\n".join(lines), builder.as_markup()


async def show_keys(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    await state.clear()
    text, markup = await _keys_screen(ctx)
    await message.answer(text, reply_markup=markup)


async def show_keys_menu(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    text, markup = await _keys_screen(ctx)
    if isinstance(callback.message, Message):
        await callback.message.answer(text, reply_markup=markup)


def _back_markup(i18n: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.plain("btn-back"), callback_data=ApiKeyCb(action="list"))
    return builder.as_markup()


async def ask_name(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    await state.set_state(ApiKeySG.name)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("api-keys-ask-name"), reply_markup=_back_markup(ctx.i18n)
        )


async def take_name(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    name = " ".join((message.text or "").split())
    if not name or len(name) > api_keys.NAME_LIMIT:
        await message.answer(ctx.i18n("api-keys-bad-name", limit=api_keys.NAME_LIMIT))
        return
    scopes = [api_keys.Scope.CREATE.value]
    await state.set_state(ApiKeySG.scopes)
    await state.update_data({NAME: name, SCOPES: scopes})
    await message.answer(
        ctx.i18n("api-keys-ask-scopes", name=name), reply_markup=_scopes_markup(ctx.i18n, scopes)
    )


async def expect_name(message: Message, ctx: RequestContext) -> None:
    await message.answer(ctx.i18n("api-keys-bad-name", limit=api_keys.NAME_LIMIT))


def _scopes_markup(i18n: Translator, chosen: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for scope in api_keys.ALL_SCOPES:
        mark = "☑️" if scope.value in chosen else "⬜"
        builder.button(
            text=f"{mark} {i18n.plain(f'api-scope-{scope.value}')}",
            callback_data=ApiKeyCb(action="toggle", scope=scope.value),
        )
    builder.button(text=i18n.plain("api-keys-btn-create"), callback_data=ApiKeyCb(action="create"))
    builder.button(text=i18n.plain("btn-cancel"), callback_data=ApiKeyCb(action="list"))
    builder.adjust(1)
    return builder.as_markup()


async def toggle_scope(
    callback: CallbackQuery, callback_data: ApiKeyCb, ctx: RequestContext, state: FSMContext
) -> None:
    data: dict[str, Any] = await state.get_data()
    chosen = list(data.get(SCOPES, []))
    if callback_data.scope not in {scope.value for scope in api_keys.ALL_SCOPES}:
        await callback.answer(ctx.i18n.plain("api-keys-stale"), show_alert=True)
        return
    if callback_data.scope in chosen:
        chosen.remove(callback_data.scope)
    else:
        chosen.append(callback_data.scope)
    chosen = api_keys.clean_scopes(chosen)
    await state.update_data({SCOPES: chosen})
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=_scopes_markup(ctx.i18n, chosen))


async def create(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    data: dict[str, Any] = await state.get_data()
    name, chosen = str(data.get(NAME, "")), api_keys.clean_scopes(data.get(SCOPES, []))
    if not chosen:
        await callback.answer(ctx.i18n.plain("api-keys-no-scopes"), show_alert=True)
        return
    if ctx.person is None or not name:
        await callback.answer(ctx.i18n.plain("api-keys-stale"), show_alert=True)
        return
    made = await api_keys.create_key(
        ctx.session, name=name, scopes=chosen, created_by_id=ctx.person.id
    )
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.SETTINGS_CHANGED,
        details={"what": "api_key", "action": "created", "key_id": made.key.id, "scopes": chosen},
    )
    await state.clear()
    await callback.answer()
    assert callback.message is not None
    # Through the outbox under its own key, so that its stored copy is blanked once sent.
    outbox.enqueue(
        ctx.session,
        callback.message.chat.id,
        ctx.i18n(
            "api-keys-created",
            name=made.key.name,
            key=made.secret,
            scopes=_scope_names(ctx.i18n, chosen),
        ),
        _back_markup(ctx.i18n).model_dump(exclude_none=True),
        dedupe_key=api_keys.shown_secret_key(made.key.id),
    )


async def stale(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer(ctx.i18n.plain("api-keys-stale"), show_alert=True)


async def ask_revoke(callback: CallbackQuery, callback_data: ApiKeyCb, ctx: RequestContext) -> None:
    key = await api_keys.active_key(ctx.session, callback_data.key_id)
    if key is None:
        await callback.answer(ctx.i18n.plain("api-keys-stale"), show_alert=True)
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=ctx.i18n.plain("api-keys-btn-confirm-revoke"),
        callback_data=ApiKeyCb(action="confirm", key_id=key.id),
    )
    builder.button(text=ctx.i18n.plain("btn-cancel"), callback_data=ApiKeyCb(action="list"))
    builder.adjust(1)
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("api-keys-confirm-revoke", name=key.name, prefix=key.prefix),
            reply_markup=builder.as_markup(),
        )


async def revoke(callback: CallbackQuery, callback_data: ApiKeyCb, ctx: RequestContext) -> None:
    key = await api_keys.revoke_key(ctx.session, callback_data.key_id)
    if key is None:
        await callback.answer(ctx.i18n.plain("api-keys-stale"), show_alert=True)
        return
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.SETTINGS_CHANGED,
        details={"what": "api_key", "action": "revoked", "key_id": key.id},
    )
    await callback.answer()
    text, markup = await _keys_screen(ctx)
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("api-keys-revoked", name=key.name, prefix=key.prefix) + "\n\n" + text,
            reply_markup=markup,
        )
