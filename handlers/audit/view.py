"""Handlers of the audit log view (rules and queries in ``services.audit``)."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import RequestContext
from bot.i18n import Translator
from bot.views.callbacks import MenuCb, RowId
from bot.views.formatting import format_moment
from bot.views.names import role_list
from db.models import Role
from services import staff
from services.audit import ActorKind, AuditAction, record
from services.audit import query as audit_query
from services.audit.filters import day_to_int, int_to_day, parse_day, parse_ticket_number
from services.audit.query import AuditFilter, Line
from services.audit.xlsx import audit_workbook

log = logging.getLogger(__name__)

PAGE_SIZE = 10
PICKER_SIZE = 10


class AuditCb(CallbackData, prefix="aud"):
    a: str  # list, who, pick, tkt, from, to, reset, xlsx
    p: RowId = 0  # page of the list
    w: RowId = 0  # filter: person id
    t: RowId = 0  # filter: ticket number
    f: RowId = 0  # filter: from day, YYYYMMDD
    u: RowId = 0  # filter: to day, YYYYMMDD
    x: RowId = 0  # the press's own argument: a picked person id, a picker page


class AuditInput(StatesGroup):
    person = State()
    ticket = State()
    date_from = State()
    date_to = State()


def create_router() -> Router:
    router = Router(name="audit-view")
    router.message.register(open_command, Command("audit"))
    router.callback_query.register(open_menu, MenuCb.filter(F.item == "audit"))
    router.callback_query.register(on_press, AuditCb.filter())
    router.message.register(on_typed, StateFilter(AuditInput))
    return router


def _admin(ctx: RequestContext) -> bool:
    """Re-read on every update: ``ctx.roles`` come from the database, never the button."""
    return ctx.person is not None and ctx.person.is_active and Role.ADMIN in ctx.roles


def _id(value: int) -> int | None:
    """An id from callback data (user input): None unless it fits an INTEGER column."""
    return value if 0 < value < 2**31 else None


def _filter_of(cb: AuditCb) -> AuditFilter:
    return AuditFilter(
        person_id=_id(cb.w),
        ticket_number=_id(cb.t),
        date_from=int_to_day(cb.f),
        date_to=int_to_day(cb.u),
    )


def _cb(a: str, flt: AuditFilter, *, p: int = 0, x: int = 0) -> str:
    return AuditCb(
        a=a,
        p=p,
        w=flt.person_id or 0,
        t=flt.ticket_number or 0,
        f=day_to_int(flt.date_from),
        u=day_to_int(flt.date_to),
        x=x,
    ).pack()


# ----- entry points -----------------------------------------------------------------------


async def open_command(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    if not _admin(ctx):
        await message.answer(ctx.i18n("audit-no-access"))
        return
    await _leave_input(state)
    text, markup = await _list(ctx, AuditFilter(), 0)
    await message.answer(text, reply_markup=markup)


async def open_menu(callback: CallbackQuery, ctx: RequestContext, state: FSMContext) -> None:
    if not _admin(ctx):
        await callback.answer(ctx.i18n.plain("audit-no-access"), show_alert=True)
        return
    await callback.answer()
    await _leave_input(state)
    text, markup = await _list(ctx, AuditFilter(), 0)
    if isinstance(callback.message, Message):
        await callback.message.answer(text, reply_markup=markup)


async def on_press(
    callback: CallbackQuery, callback_data: AuditCb, ctx: RequestContext, state: FSMContext
) -> None:
    if not _admin(ctx):
        await callback.answer(ctx.i18n.plain("audit-no-access"), show_alert=True)
        return
    message = callback.message if isinstance(callback.message, Message) else None
    flt, cb = _filter_of(callback_data), callback_data
    if cb.a == "xlsx":
        await callback.answer()
        await _send_xlsx(ctx, message, flt)
        return
    if cb.a == "tkt":
        await _ask(callback, ctx, state, AuditInput.ticket, "audit-ask-ticket", flt)
        return
    if cb.a == "from":
        await _ask(callback, ctx, state, AuditInput.date_from, "audit-ask-from", flt)
        return
    if cb.a == "to":
        await _ask(callback, ctx, state, AuditInput.date_to, "audit-ask-to", flt)
        return
    if cb.a == "who":
        await state.set_state(AuditInput.person)
        await state.update_data(audit_filter=_cb("list", flt))
        await callback.answer()
        text = ctx.i18n("audit-ask-person")
        markup = await _people_picker(ctx, flt, "", _id(cb.x) or 0)
        await _show(message, text, markup, edit=True)
        return
    if cb.a == "pick":
        flt = AuditFilter(_id(cb.x), flt.ticket_number, flt.date_from, flt.date_to)
    elif cb.a == "reset":
        flt = AuditFilter()
    await callback.answer()
    await _leave_input(state)
    text, markup = await _list(ctx, flt, cb.p if cb.a == "list" else 0)
    await _show(message, text, markup, edit=True)


# ----- typed filters ----------------------------------------------------------------------


async def _ask(
    callback: CallbackQuery,
    ctx: RequestContext,
    state: FSMContext,
    target: State,
    key: str,
    flt: AuditFilter,
) -> None:
    await state.set_state(target)
    await state.update_data(audit_filter=_cb("list", flt))
    await callback.answer()
    builder = InlineKeyboardBuilder()
    builder.button(text=ctx.i18n.plain("audit-btn-back"), callback_data=_cb("list", flt))
    message = callback.message if isinstance(callback.message, Message) else None
    await _show(message, ctx.i18n(key), builder.as_markup(), edit=True)


async def on_typed(message: Message, ctx: RequestContext, state: FSMContext) -> None:
    if not _admin(ctx):
        await state.clear()
        await message.answer(ctx.i18n("audit-no-access"))
        return
    data = await state.get_data()
    flt = _stored_filter(data.get("audit_filter"))
    current = await state.get_state()
    text = (message.text or "").strip()
    if current == AuditInput.ticket.state:
        number = parse_ticket_number(text)
        if number is None:
            await message.answer(ctx.i18n("audit-bad-ticket"))
            return
        flt = AuditFilter(flt.person_id, number, flt.date_from, flt.date_to)
    elif current in (AuditInput.date_from.state, AuditInput.date_to.state):
        day = parse_day(text)
        if day is None:
            await message.answer(ctx.i18n("audit-bad-date"))
            return
        start = current == AuditInput.date_from.state
        first, last = (day, flt.date_to) if start else (flt.date_from, day)
        if first is not None and last is not None and first > last:
            await message.answer(ctx.i18n("audit-bad-range"))
            return
        flt = AuditFilter(flt.person_id, flt.ticket_number, first, last)
    else:  # a surname
        found = await staff.list_page(
            ctx.session, staff.StaffFilter(surname=text, active=None), 0, PICKER_SIZE
        )
        if not text or not found.rows:
            await message.answer(ctx.i18n("audit-person-not-found", surname=text[:100]))
            return
        if len(found.rows) > 1:
            markup = await _people_picker(ctx, flt, text, 0)
            await message.answer(ctx.i18n("audit-ask-person-found"), reply_markup=markup)
            return
        flt = AuditFilter(found.rows[0].id, flt.ticket_number, flt.date_from, flt.date_to)
    await state.clear()
    body, markup = await _list(ctx, flt, 0)
    await message.answer(body, reply_markup=markup)


def _stored_filter(packed: object) -> AuditFilter:
    """The filter the list had when the prompt was asked (kept in the state as callback data)."""
    try:
        return _filter_of(AuditCb.unpack(str(packed)))
    except (TypeError, ValueError):
        return AuditFilter()


async def _leave_input(state: FSMContext) -> None:
    if await state.get_state() in {s.state for s in AuditInput.__all_states__}:
        await state.clear()


# ----- drawing ------------------------------------------------------------------------------


async def _show(
    message: Message | None, text: str, markup: InlineKeyboardMarkup, *, edit: bool
) -> None:
    if message is None:
        return
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


def actor_label(i18n: Translator, line: Line, *, with_roles: bool = True) -> str:
    if line.actor_kind == ActorKind.SYSTEM:
        return i18n.plain("audit-actor-system")
    if line.actor_kind == ActorKind.API_KEY:
        return i18n.plain("audit-actor-api", id=line.actor_id or 0)
    if line.actor_name is None:
        return i18n.plain("audit-actor-gone", id=line.actor_id or 0)
    roles = _roles(i18n, line)
    if not with_roles or not roles:
        return i18n.plain("audit-actor-person-noroles", name=line.actor_name)
    return i18n.plain("audit-actor-person", name=line.actor_name, roles=roles)


def _roles(i18n: Translator, line: Line) -> str:
    if line.actor_kind != ActorKind.PERSON:
        return ""
    known = [Role(r) for r in line.actor_roles if r in Role._value2member_map_]
    return role_list(i18n, known)


def _action(i18n: Translator, action: str) -> str:
    known = {a.value for a in AuditAction}
    return i18n.plain(f"audit-action-{action}") if action in known else action


def _result(i18n: Translator, result: str) -> str:
    return i18n.plain(f"audit-result-{result}") if result in ("ok", "denied", "failed") else result


async def _filter_text(ctx: RequestContext, flt: AuditFilter) -> str:
    i18n = ctx.i18n
    if flt.empty:
        return i18n("audit-filters-none")
    parts: list[str] = []
    if flt.person_id is not None:
        name = await audit_query.person_name(ctx.session, flt.person_id)
        parts.append(i18n.plain("audit-filter-person", name=name or f"#{flt.person_id}"))
    if flt.ticket_number is not None:
        parts.append(i18n.plain("audit-filter-ticket", number=flt.ticket_number))
    if flt.date_from is not None:
        parts.append(i18n.plain("audit-filter-from", date=flt.date_from.strftime("%d.%m.%Y")))
    if flt.date_to is not None:
        parts.append(i18n.plain("audit-filter-to", date=flt.date_to.strftime("%d.%m.%Y")))
    return i18n("audit-filters", filters="; ".join(parts))


async def _list(
    ctx: RequestContext, flt: AuditFilter, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    i18n, tz = ctx.i18n, ctx.settings.company.tz
    found = await audit_query.page(ctx.session, flt, tz, page, PAGE_SIZE)
    lines = [i18n("audit-title"), await _filter_text(ctx, flt)]
    lines.append(i18n("audit-count", total=found.total, page=found.page + 1, pages=found.pages))
    lines.append("")
    if not found.lines:
        lines.append(i18n("audit-empty"))
    for line in found.lines:
        ticket = (
            i18n.plain("audit-line-ticket", number=line.ticket_number)
            if line.ticket_number is not None
            else ""
        )
        lines.append(
            i18n(
                "audit-line",
                at=format_moment(line.at, tz),
                who=actor_label(i18n, line),
                action=_action(i18n, line.action),
                ticket=ticket,
                result=_result(i18n, line.result),
            )
        )
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    pager = 0
    if found.page > 0:
        builder.button(
            text=i18n.plain("audit-btn-prev"), callback_data=_cb("list", flt, p=found.page - 1)
        )
        pager += 1
    if found.page + 1 < found.pages:
        builder.button(
            text=i18n.plain("audit-btn-next"), callback_data=_cb("list", flt, p=found.page + 1)
        )
        pager += 1
    if pager:
        sizes.append(pager)
    builder.button(text=i18n.plain("audit-btn-person"), callback_data=_cb("who", flt))
    builder.button(text=i18n.plain("audit-btn-ticket"), callback_data=_cb("tkt", flt))
    builder.button(text=i18n.plain("audit-btn-from"), callback_data=_cb("from", flt))
    builder.button(text=i18n.plain("audit-btn-to"), callback_data=_cb("to", flt))
    sizes += [2, 2]
    if not flt.empty:
        builder.button(text=i18n.plain("audit-btn-reset"), callback_data=_cb("reset", flt))
        sizes.append(1)
    builder.button(text=i18n.plain("audit-btn-xlsx"), callback_data=_cb("xlsx", flt))
    builder.button(text=i18n.plain("btn-menu"), callback_data=MenuCb(item="home"))
    sizes += [1, 1]
    builder.adjust(*sizes)
    return "\n".join(lines), builder.as_markup()


async def _people_picker(
    ctx: RequestContext, flt: AuditFilter, surname: str, page: int
) -> InlineKeyboardMarkup:
    found = await staff.list_page(
        ctx.session, staff.StaffFilter(surname=surname, active=None), page, PICKER_SIZE
    )
    builder = InlineKeyboardBuilder()
    for row in found.rows:
        builder.button(text=row.full_name[:60], callback_data=_cb("pick", flt, x=row.id))
    sizes = [1] * len(found.rows)
    pager = 0
    if not surname and found.page > 0:
        builder.button(
            text=ctx.i18n.plain("audit-btn-prev"), callback_data=_cb("who", flt, x=found.page - 1)
        )
        pager += 1
    if not surname and found.page + 1 < found.pages:
        builder.button(
            text=ctx.i18n.plain("audit-btn-next"), callback_data=_cb("who", flt, x=found.page + 1)
        )
        pager += 1
    if pager:
        sizes.append(pager)
    builder.button(text=ctx.i18n.plain("audit-btn-back"), callback_data=_cb("list", flt))
    sizes.append(1)
    builder.adjust(*sizes)
    return builder.as_markup()


async def _send_xlsx(ctx: RequestContext, message: Message | None, flt: AuditFilter) -> None:
    i18n, tz = ctx.i18n, ctx.settings.company.tz
    lines = await audit_query.every_line(ctx.session, flt, tz)
    titles = [
        i18n.plain(f"audit-col-{name}")
        for name in ("at", "who", "roles", "action", "ticket", "result", "subject")
    ]
    rows = [
        [
            format_moment(line.at, tz),
            actor_label(i18n, line, with_roles=False),
            _roles(i18n, line),
            _action(i18n, line.action),
            line.ticket_number,
            _result(i18n, line.result),
            line.subject_person_id,
        ]
        for line in lines
    ]
    data = audit_workbook(i18n.plain("audit-xlsx-sheet"), titles, rows)
    details = {"what": "audit", "rows": len(rows)}
    details |= {k: v for k, v in (("person_id", flt.person_id), ("ticket", flt.ticket_number)) if v}
    await record(
        ctx.session,
        ctx.actor,
        AuditAction.EXPORTED,
        details=details,
    )
    log.info("audit log downloaded", extra={"person_id": ctx.member.id, "rows": len(rows)})
    if message is not None:
        await message.answer_document(
            BufferedInputFile(data, i18n.plain("audit-xlsx-filename")),
            caption=i18n.plain("audit-xlsx-caption", count=len(rows)),
        )
