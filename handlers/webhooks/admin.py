"""Administrators configure outgoing webhooks: /webhooks or «🔗 Вебхуки» lists them; add (URL,
then a secret generated and shown once or typed, then the event types), switch on and off,
delete, and read the delivery log. Every change is audited by ``services.webhooks.endpoints``.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, WebhookCb
from db.models import WebhookDelivery, WebhookEndpoint
from handlers.common.admin_screen import admin_screen_router
from services.webhooks import endpoints
from services.webhooks.delivery import DISABLED_BY_FAILURES
from services.webhooks.events import EVENT_TYPES

URL, SECRET, GENERATED, TYPES = "wh_url", "wh_secret", "wh_generated", "wh_types"


class AddWebhook(StatesGroup):
    url = State()
    secret = State()
    types = State()


def create_router() -> Router:
    router, admins = admin_screen_router(
        "webhook-settings",
        command="webhooks",
        menu_item="webhooks",
        buttons=WebhookCb,
        screen=_list_view,
        refusal_key="webhooks-admins-only",
    )
    admins.callback_query.register(list_again, WebhookCb.filter(F.a == "list"))
    admins.callback_query.register(open_endpoint, WebhookCb.filter(F.a == "open"))
    admins.callback_query.register(switch, WebhookCb.filter(F.a.in_({"on", "off"})))
    admins.callback_query.register(show_log, WebhookCb.filter(F.a == "log"))
    admins.callback_query.register(ask_delete, WebhookCb.filter(F.a == "delete"))
    admins.callback_query.register(delete, WebhookCb.filter(F.a == "delete_sure"))
    admins.callback_query.register(start_adding, WebhookCb.filter(F.a == "add"))
    admins.callback_query.register(cancel_adding, WebhookCb.filter(F.a == "cancel"))
    admins.callback_query.register(
        generate, StateFilter(AddWebhook.secret), WebhookCb.filter(F.a == "gen")
    )
    admins.callback_query.register(
        toggle_type, StateFilter(AddWebhook.types), WebhookCb.filter(F.a == "type")
    )
    admins.callback_query.register(
        save, StateFilter(AddWebhook.types), WebhookCb.filter(F.a == "save")
    )
    admins.callback_query.register(expired, WebhookCb.filter(F.a.in_({"gen", "type", "save"})))
    admins.message.register(receive_url, StateFilter(AddWebhook.url), F.text)
    admins.message.register(receive_secret, StateFilter(AddWebhook.secret), F.text)
    admins.message.register(expect_text_url, StateFilter(AddWebhook.url))
    admins.message.register(expect_text_secret, StateFilter(AddWebhook.secret))
    admins.message.register(expect_buttons, StateFilter(AddWebhook.types))
    return router


def _state(i18n: Translator, endpoint: WebhookEndpoint) -> str:
    if endpoint.enabled:
        return i18n.plain("webhooks-state-on")
    if endpoint.disabled_reason == DISABLED_BY_FAILURES:
        return i18n.plain("webhooks-state-failed")
    return i18n.plain("webhooks-state-off")


def _icon(endpoint: WebhookEndpoint) -> str:
    if endpoint.enabled:
        return "✅"
    return "⛔" if endpoint.disabled_reason == DISABLED_BY_FAILURES else "⏸"


async def _list_view(ctx: RequestContext) -> tuple[str, InlineKeyboardMarkup]:
    found = await endpoints.all_endpoints(ctx.session)
    lines = [ctx.i18n("webhooks-list-title")]
    builder = InlineKeyboardBuilder()
    if not found:
        lines.append(ctx.i18n("webhooks-list-empty"))
    for endpoint in found:
        lines.append(
            ctx.i18n("webhooks-row", state=_icon(endpoint), id=endpoint.id, url=endpoint.url)
        )
        builder.button(
            text=ctx.i18n.plain("webhooks-btn-endpoint", state=_icon(endpoint), id=endpoint.id),
            callback_data=WebhookCb(a="open", id=endpoint.id),
        )
    builder.button(text=ctx.i18n.plain("webhooks-btn-add"), callback_data=WebhookCb(a="add"))
    builder.button(text=ctx.i18n.plain("btn-menu"), callback_data=MenuCb(item="home"))
    builder.adjust(*([2] * ((len(found) + 1) // 2)), 1, 1)
    return "\n".join(lines), builder.as_markup()


def _endpoint_view(i18n: Translator, endpoint: WebhookEndpoint) -> tuple[str, InlineKeyboardMarkup]:
    text = i18n(
        "webhooks-endpoint",
        id=endpoint.id,
        url=endpoint.url,
        state=_state(i18n, endpoint),
        types=", ".join(endpoint.event_types or ()) or i18n.plain("webhooks-no-types"),
        failures=endpoint.consecutive_failures,
    )
    builder = InlineKeyboardBuilder()
    if endpoint.enabled:
        builder.button(
            text=i18n.plain("webhooks-btn-disable"),
            callback_data=WebhookCb(a="off", id=endpoint.id),
        )
    else:
        builder.button(
            text=i18n.plain("webhooks-btn-enable"), callback_data=WebhookCb(a="on", id=endpoint.id)
        )
    builder.button(
        text=i18n.plain("webhooks-btn-log"), callback_data=WebhookCb(a="log", id=endpoint.id)
    )
    builder.button(
        text=i18n.plain("webhooks-btn-delete"), callback_data=WebhookCb(a="delete", id=endpoint.id)
    )
    builder.button(text=i18n.plain("webhooks-btn-back"), callback_data=WebhookCb(a="list"))
    builder.adjust(1)
    return text, builder.as_markup()


async def _show(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)


async def list_again(callback: CallbackQuery, ctx: RequestContext) -> None:
    await _show(callback, *(await _list_view(ctx)))


async def _endpoint(
    callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext
) -> WebhookEndpoint | None:
    endpoint = await endpoints.get(ctx.session, callback_data.id)
    if endpoint is None:
        await callback.answer(ctx.i18n.plain("webhooks-gone"), show_alert=True)
    return endpoint


async def open_endpoint(
    callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext
) -> None:
    if (endpoint := await _endpoint(callback, callback_data, ctx)) is not None:
        await _show(callback, *_endpoint_view(ctx.i18n, endpoint))


async def switch(callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext) -> None:
    if (endpoint := await _endpoint(callback, callback_data, ctx)) is None:
        return
    enabled = callback_data.a == "on"
    if endpoint.enabled != enabled:
        await endpoints.set_enabled(ctx.session, ctx.actor, endpoint, enabled)
    text, markup = _endpoint_view(ctx.i18n, endpoint)
    done = ctx.i18n("webhooks-enabled" if enabled else "webhooks-disabled", id=endpoint.id)
    await _show(callback, f"{done}\n\n{text}", markup)


def _log_row(i18n: Translator, row: WebhookDelivery, tz: Any) -> str:
    if row.delivered_at is not None:
        status = i18n.plain("webhooks-log-delivered")
    elif row.failed_at is not None:
        status = i18n.plain("webhooks-log-failed")
    else:
        status = i18n.plain("webhooks-log-pending")
    text = i18n(
        "webhooks-log-row",
        status=status,
        time=row.created_at.astimezone(tz).strftime("%d.%m %H:%M:%S"),
        type=row.event_type,
        number=row.ticket_number or 0,
        attempts=row.attempts,
        code=str(row.last_status) if row.last_status else i18n.plain("webhooks-log-no-code"),
    )
    if row.delivered_at is None and row.error and row.last_status is None:
        return f"{text} · {_reason(i18n, row.error)}"
    return text


def _reason(i18n: Translator, error: str) -> str:
    """Why nothing was answered: no connection, no answer in time, or the error's name."""
    cause = error.removeprefix("gave up: ")
    if cause == "no connection":
        return i18n("webhooks-log-no-connection")
    if "Timeout" in cause:
        return i18n("webhooks-log-timeout")
    return i18n("webhooks-log-reason", error=cause)


async def show_log(callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext) -> None:
    if (endpoint := await _endpoint(callback, callback_data, ctx)) is None:
        return
    rows = await endpoints.recent_deliveries(ctx.session, endpoint.id)
    lines = [ctx.i18n("webhooks-log-title", id=endpoint.id, count=len(rows))]
    tz = ctx.settings.company.tz
    lines += [_log_row(ctx.i18n, row, tz) for row in rows] or [ctx.i18n("webhooks-log-empty")]
    builder = InlineKeyboardBuilder()
    builder.button(
        text=ctx.i18n.plain("webhooks-btn-back"), callback_data=WebhookCb(a="open", id=endpoint.id)
    )
    await _show(callback, "\n".join(lines), builder.as_markup())


async def ask_delete(
    callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext
) -> None:
    if (endpoint := await _endpoint(callback, callback_data, ctx)) is None:
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=ctx.i18n.plain("webhooks-btn-delete-sure"),
        callback_data=WebhookCb(a="delete_sure", id=endpoint.id),
    )
    builder.button(
        text=ctx.i18n.plain("webhooks-btn-back"), callback_data=WebhookCb(a="open", id=endpoint.id)
    )
    builder.adjust(1)
    await _show(callback, ctx.i18n("webhooks-delete-ask", id=endpoint.id), builder.as_markup())


async def delete(callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext) -> None:
    if (endpoint := await _endpoint(callback, callback_data, ctx)) is None:
        return
    endpoint_id = endpoint.id
    await endpoints.remove(ctx.session, ctx.actor, endpoint)
    text, markup = await _list_view(ctx)
    await _show(callback, f"{ctx.i18n('webhooks-deleted', id=endpoint_id)}\n\n{text}", markup)


# ----- adding


def _cancel_markup(i18n: Translator, *extra: tuple[str, WebhookCb]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for label, data in extra:
        builder.button(text=label, callback_data=data)
    builder.button(text=i18n.plain("webhooks-btn-cancel"), callback_data=WebhookCb(a="cancel"))
    builder.adjust(1)
    return builder.as_markup()


async def start_adding(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    await state.set_state(AddWebhook.url)
    await state.set_data({})
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.answer(
            ctx.i18n("webhooks-ask-url"), reply_markup=_cancel_markup(ctx.i18n)
        )


async def cancel_adding(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    await state.clear()
    await _show(callback, *(await _list_view(ctx)))


async def receive_url(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    url = endpoints.valid_url(message.text or "")
    if url is None:
        await message.answer(ctx.i18n("webhooks-bad-url"), reply_markup=_cancel_markup(ctx.i18n))
        return
    await state.update_data({URL: url})
    await state.set_state(AddWebhook.secret)
    generate_button = (ctx.i18n.plain("webhooks-btn-generate"), WebhookCb(a="gen"))
    await message.answer(
        ctx.i18n("webhooks-ask-secret"), reply_markup=_cancel_markup(ctx.i18n, generate_button)
    )


async def receive_secret(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    secret = endpoints.valid_secret(message.text or "")
    if secret is None:
        generate_button = (ctx.i18n.plain("webhooks-btn-generate"), WebhookCb(a="gen"))
        await message.answer(
            ctx.i18n("webhooks-bad-secret"), reply_markup=_cancel_markup(ctx.i18n, generate_button)
        )
        return
    await state.update_data({SECRET: secret, GENERATED: False, TYPES: list(EVENT_TYPES)})
    await state.set_state(AddWebhook.types)
    await message.answer(
        ctx.i18n("webhooks-ask-types"), reply_markup=_types_markup(ctx.i18n, EVENT_TYPES)
    )


async def generate(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    await state.update_data(
        {SECRET: endpoints.new_secret(), GENERATED: True, TYPES: list(EVENT_TYPES)}
    )
    await state.set_state(AddWebhook.types)
    await _show(callback, ctx.i18n("webhooks-ask-types"), _types_markup(ctx.i18n, EVENT_TYPES))


def _types_markup(i18n: Translator, chosen: Any) -> InlineKeyboardMarkup:
    picked = set(chosen)
    builder = InlineKeyboardBuilder()
    for event_type in EVENT_TYPES:
        builder.button(
            text=i18n.plain(
                "webhooks-btn-type", mark="✅" if event_type in picked else "▫️", type=event_type
            ),
            callback_data=WebhookCb(a="type", t=event_type),
        )
    builder.button(text=i18n.plain("webhooks-btn-save"), callback_data=WebhookCb(a="save"))
    builder.button(text=i18n.plain("webhooks-btn-cancel"), callback_data=WebhookCb(a="cancel"))
    builder.adjust(1)
    return builder.as_markup()


async def toggle_type(
    callback: CallbackQuery, callback_data: WebhookCb, ctx: RequestContext, state: FSMContext
) -> None:
    data = await state.get_data()
    chosen = [t for t in data.get(TYPES, []) if t in EVENT_TYPES]
    if callback_data.t in chosen:
        chosen.remove(callback_data.t)
    elif callback_data.t in EVENT_TYPES:
        chosen.append(callback_data.t)
    await state.update_data({TYPES: chosen})
    await _show(callback, ctx.i18n("webhooks-ask-types"), _types_markup(ctx.i18n, chosen))


async def save(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    data = await state.get_data()
    url, secret = data.get(URL), data.get(SECRET)
    chosen = endpoints.known_types(data.get(TYPES, []))
    if not isinstance(url, str) or not isinstance(secret, str):
        await state.clear()
        await callback.answer(ctx.i18n.plain("webhooks-expired"), show_alert=True)
        return
    if not chosen:
        await callback.answer(ctx.i18n.plain("webhooks-pick-a-type"), show_alert=True)
        return
    endpoint = await endpoints.create(
        ctx.session, ctx.actor, url=url, secret=secret, event_types=chosen
    )
    await state.clear()
    if data.get(GENERATED):
        text = ctx.i18n("webhooks-created", id=endpoint.id, url=url, secret=secret)
    else:
        text = ctx.i18n("webhooks-created-own-secret", id=endpoint.id, url=url)
    builder = InlineKeyboardBuilder()
    builder.button(text=ctx.i18n.plain("webhooks-btn-back"), callback_data=WebhookCb(a="list"))
    await _show(callback, text, builder.as_markup())


async def expired(callback: CallbackQuery, ctx: RequestContext) -> None:
    await callback.answer(ctx.i18n.plain("webhooks-expired"), show_alert=True)


async def expect_text_url(message: Message, ctx: RequestContext) -> None:
    await message.answer(ctx.i18n("webhooks-bad-url"), reply_markup=_cancel_markup(ctx.i18n))


async def expect_text_secret(message: Message, ctx: RequestContext) -> None:
    await message.answer(ctx.i18n("webhooks-bad-secret"))


async def expect_buttons(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    chosen = (await state.get_data()).get(TYPES, [])
    await message.answer(
        ctx.i18n("webhooks-ask-types"), reply_markup=_types_markup(ctx.i18n, chosen)
    )
