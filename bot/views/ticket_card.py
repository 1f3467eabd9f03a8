"""The one ticket card: fields with the labels of the ticket's own field-set version, stage,
people, deadline and time left, the card's own buttons (files, comment, history, edit) and
the workflow's part (the moves the viewer may make now). Every place that shows a ticket
(«№1024», «Мои заявки», search, notifications) draws it here."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.views.callbacks import TicketCb
from bot.views.card_parts import CardContext, Rows, deadline_lines
from bot.views.formatting import format_moment
from bot.views.long_text import MESSAGE_LIMIT, split_text
from bot.views.work_card import workflow_part
from db.models import Ticket
from services import people
from services.audit import views as audit_views
from services.fields import FieldType, display_value, is_empty
from services.tickets import queries, rights
from services.tickets.definitions import field_set_of, workflow_of

# Fields a notice shows (in this order, those the ticket has); the rest is behind «Открыть».
NOTICE_FIELDS = ("subject", "priority", "address", "client", "category")
NOTICE_DESCRIPTION = "description"
NOTICE_OPENING = 300
# A label line longer than this is not kept with its value when a field is split.
_LABEL_LIMIT = 200


@dataclass(frozen=True, slots=True)
class TicketCard:
    text: str
    rows: Rows
    # The lines of ``text``: a long card is split between them, never inside one.
    blocks: tuple[str, ...] = ()

    def chunks(self, header: str | None = None) -> list[str]:
        blocks = list(self.blocks) if self.blocks else [self.text]
        return pack_blocks([header, "", *blocks] if header else blocks)

    def markup(self) -> InlineKeyboardMarkup | None:
        return InlineKeyboardMarkup(inline_keyboard=self.rows) if self.rows else None


async def render_ticket_card(ctx: CardContext) -> TicketCard:
    i18n, ticket = ctx.i18n, ctx.ticket
    workflow = await workflow_part(ctx)
    lines = [i18n("ticket-card-title", number=ticket.number)]
    lines += await _meta_lines(ctx)
    lines += workflow.lines
    lines.append("")
    lines += _field_lines(ctx)
    rows = await _base_rows(ctx) + workflow.rows
    viewer_id = ctx.viewer.id if ctx.viewer is not None else None
    await audit_views.card_viewed(ctx.session, ticket, viewer_id, ctx.roles)
    return TicketCard("\n".join(lines), rows, tuple(lines))


def notice_personal_keys(ticket: Ticket, hidden: frozenset[str] = frozenset()) -> list[str]:
    """The personal-data fields with a value that the notice form shows (for the audit)."""
    shown = (*NOTICE_FIELDS, NOTICE_DESCRIPTION)
    return [k for k in audit_views.shown_personal_keys(ticket) if k in shown and k not in hidden]


async def render_ticket_notice(ctx: CardContext) -> TicketCard:
    """The short form of the card for notices: the card's head (stage, author, deadline),
    the fields that say what and where, the opening of the description, and «📄 Открыть»
    (the whole card on demand) above the card's buttons."""
    i18n, ticket = ctx.i18n, ctx.ticket
    workflow = await workflow_part(ctx)
    lines = [i18n("ticket-card-title", number=ticket.number)]
    lines += await _meta_lines(ctx)
    lines += workflow.lines
    lines.append("")
    lines += _field_lines(ctx, NOTICE_FIELDS)
    description = _field_lines(ctx, (NOTICE_DESCRIPTION,), opening_limit=NOTICE_OPENING)
    lines += description
    open_row = [_button(i18n.plain("dispatch-btn-open"), "open", ticket.id)]
    rows = [open_row, *await _base_rows(ctx), *workflow.rows]
    return TicketCard("\n".join(lines), rows, tuple(lines))


def opening(text: str, limit: int) -> str:
    """The first ``limit`` characters or so of ``text``, cut between words, with «…»."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + "…"


def pack_blocks(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Messages of whole blocks (a card's lines: one field each); a block longer than a
    message is split on its own, its label kept with the start of its value."""
    chunks: list[str] = []
    current: str | None = None
    for block in blocks:
        joined = block if current is None else f"{current}\n{block}"
        if len(joined) <= limit:
            current = joined
            continue
        if current is not None and current.strip():
            chunks.append(current)
        if len(block) <= limit:
            current = block
            continue
        pieces = _split_block(block, limit)
        chunks += pieces[:-1]
        current = pieces[-1]
    if current is not None and current.strip():
        chunks.append(current)
    return [chunk.strip("\n") for chunk in chunks] or [""]


def _split_block(block: str, limit: int) -> list[str]:
    label, newline, value = block.partition("\n")
    if not newline or len(label) > _LABEL_LIMIT:
        return split_text(block, limit)
    pieces = split_text(value, limit - len(label) - 1)
    return [f"{label}\n{pieces[0]}", *pieces[1:]]


async def send_ticket_card(
    bot: Bot, chat_id: int, ctx: CardContext, header: str | None = None
) -> None:
    """Send the card, split over several messages if long; buttons go on the last one."""
    card = await render_ticket_card(ctx)
    chunks = card.chunks(header)
    for index, chunk in enumerate(chunks):
        markup = card.markup() if index == len(chunks) - 1 else None
        await bot.send_message(chat_id, chunk, reply_markup=markup)


async def _meta_lines(ctx: CardContext) -> list[str]:
    i18n, ticket = ctx.i18n, ctx.ticket
    stage = workflow_of(ticket.workflow).get(ticket.stage_key)
    named = await people.by_ids(ctx.session, [ticket.author_id, ticket.assignee_id])
    author = named.get(ticket.author_id)
    lines = [
        i18n("ticket-card-stage", stage=stage.name if stage else ticket.stage_key),
        i18n("ticket-card-created", at=format_moment(ticket.created_at, ctx.settings.company.tz)),
        i18n("ticket-card-author", name=author.full_name if author else "—"),
    ]
    assignee = named.get(ticket.assignee_id) if ticket.assignee_id else None
    if assignee is not None:
        lines.append(i18n("ticket-card-assignee", name=assignee.full_name))
    return lines + deadline_lines(i18n, ctx.settings, ticket)


def _field_lines(
    ctx: CardContext, keys: tuple[str, ...] | None = None, *, opening_limit: int | None = None
) -> list[str]:
    """Every field with a value, or only ``keys`` in their order; long values cut to their
    opening when ``opening_limit`` is given (notices)."""
    i18n, ticket = ctx.i18n, ctx.ticket
    fields = field_set_of(ticket.field_set)
    if keys is None:
        definitions = list(fields.fields)
    else:
        definitions = [d for key in keys if (d := fields.get(key)) is not None]
    lines: list[str] = []
    for definition in definitions:
        if definition.key in ctx.hidden_keys:
            continue
        value = ticket.values.get(definition.key)
        if is_empty(value):
            continue
        shown = display_value(definition, value, i18n.plain_msg, tz=ctx.settings.company.tz)
        if opening_limit is not None:
            shown = opening(shown, opening_limit)
        # Values go around Fluent: it refuses placeables longer than 2,500 characters.
        separator = "\n" if definition.type is FieldType.LONG_TEXT else " "
        label = i18n("ticket-card-label", label=definition.label)
        lines.append(f"{label}{separator}{html.escape(shown, quote=False)}")
    return lines


async def _base_rows(ctx: CardContext) -> Rows:
    i18n, ticket = ctx.i18n, ctx.ticket
    person_id = ctx.viewer.id if ctx.viewer else None
    rows: Rows = []
    count = await queries.attachment_count(ctx.session, ticket.id)
    if count:
        rows.append([_button(i18n.plain("ticket-btn-files", count=count), "files", ticket.id)])
    if rights.can_comment(ticket, person_id, ctx.roles):
        rows.append([_button(i18n.plain("ticket-btn-comment"), "comment", ticket.id)])
    history = [_button(i18n.plain("ticket-btn-history"), "history", ticket.id)]
    if rights.can_edit_fields(ctx.roles):
        history.append(_button(i18n.plain("ticket-btn-edit"), "edit", ticket.id))
    rows.append(history)
    return rows


def _button(text: str, action: str, ticket_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=TicketCb(action=action, ticket_id=ticket_id).pack()
    )
