"""Messages to other people about workflow changes, written to the outbox in the same
transaction as the change (delivered later with retries, never twice: dedupe keys)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import work_card_extension
from bot.config import Settings
from bot.i18n import Translator
from bot.long_text import split_text
from bot.ticket_card import CardContext, TicketCard, render_ticket_card
from bot.work_cards import answer_keyboard, assign_keyboard, take_keyboard
from db.base import utcnow
from db.models import OutgoingMessage, Person, Role, Ticket, TicketAttachment, TicketOffer
from services import outbox
from services.work import queries


def _markup(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    return markup.model_dump(exclude_none=True) if markup is not None else None


async def _card(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    viewer: Person | None = None,
) -> TicketCard:
    """The one ticket card; with a viewer, it carries the buttons they may press."""
    work_card_extension.register()
    roles = viewer.role_set if viewer is not None else frozenset()
    return await render_ticket_card(CardContext(session, i18n, settings, ticket, viewer, roles))


async def card_for(
    session: AsyncSession, i18n: Translator, settings: Settings, ticket: Ticket
) -> str:
    return (await _card(session, i18n, settings, ticket)).text


def _send(
    session: AsyncSession,
    person: Person | None,
    text: str,
    key: str,
    markup: InlineKeyboardMarkup | None = None,
) -> OutgoingMessage | None:
    if person is None or person.telegram_id is None or not person.is_active:
        return None
    used: set[str] = session.info.setdefault("work_dedupe_keys", set())
    if f"{key}:{person.id}" in used:
        return None  # already told about this in the same transaction
    used.add(f"{key}:{person.id}")
    return outbox.enqueue(
        session, person.telegram_id, text, _markup(markup), dedupe_key=f"{key}:{person.id}"
    )


async def tell(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person_ids: Iterable[int | None],
    text: str,
    key: str,
    *,
    with_card: bool = True,
) -> None:
    """Tell each person ``text`` (plus the card and their own buttons) once per ``key``."""
    people = await queries.people_by_id(session, list(person_ids))
    for person in people.values():
        if not with_card:
            _send(session, person, text, key)
            continue
        card = await _card(session, i18n, settings, ticket, person)
        # A card over Telegram's limit is cut here; "№1024" shows it whole.
        body = split_text(f"{text}\n\n{card.text}")[0]
        _send(session, person, body, key, card.markup())


async def tell_managers(
    session: AsyncSession, i18n: Translator, settings: Settings, ticket: Ticket, text: str, key: str
) -> None:
    """Managers (and their group chat, if configured) with an "assign" button when useful."""
    managers = await queries.managers(session)
    group = settings.workflow.notify.managers_chat_id
    if not managers and not group:
        return
    card = await card_for(session, i18n, settings, ticket)
    body = split_text(f"{text}\n\n{card}")[0]
    markup = assign_keyboard(i18n, ticket) if ticket.closed_at is None else None
    for manager in managers:
        message = _send(session, manager, body, f"{key}:m", markup)
        if message is not None and markup is not None:
            await session.flush()
            session.add(
                TicketOffer(
                    ticket_id=ticket.id, person_id=manager.id, kind="assign", outbox_id=message.id
                )
            )
    if group:
        outbox.enqueue(session, group, body, dedupe_key=f"{key}:group")


async def offer_pool(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    person_ids: Iterable[int],
    key: str,
) -> None:
    people = await queries.people_by_id(session, list(person_ids))
    card = await card_for(session, i18n, settings, ticket)
    body = split_text(f"{i18n('work-pool-offer')}\n\n{card}")[0]
    for person in people.values():
        message = _send(session, person, body, f"pool:{key}", take_keyboard(i18n, ticket))
        if message is not None:
            await session.flush()
            session.add(
                TicketOffer(
                    ticket_id=ticket.id, person_id=person.id, kind="pool", outbox_id=message.id
                )
            )
    await session.flush()


async def settle_offers(
    session: AsyncSession, i18n: Translator, ticket: Ticket, taker: Person, except_id: int | None
) -> None:
    """Open offers of the ticket are closed; the messages change to "already taken (name)"."""
    offers = await session.scalars(
        select(TicketOffer).where(
            TicketOffer.ticket_id == ticket.id, TicketOffer.closed_at.is_(None)
        )
    )
    text = i18n("work-already-taken", number=ticket.number, name=taker.full_name)
    now = utcnow()
    for offer in offers:
        offer.closed_at = now
        if offer.person_id == except_id or offer.outbox_id is None:
            continue
        original = await session.get(OutgoingMessage, offer.outbox_id)
        if original is None:
            continue
        outbox.enqueue(
            session,
            original.chat_id,
            text,
            None,
            edit_of=original.id,
            dedupe_key=f"settle:{offer.id}",
        )
    await session.flush()


async def send_report(
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    ticket: Ticket,
    event_id: int,
    report: str,
) -> None:
    """The author gets the report with its files and "confirm" / "return" buttons."""
    author = await session.get(Person, ticket.author_id)
    if author is None:
        return
    files = await session.scalars(
        select(TicketAttachment)
        .where(TicketAttachment.event_id == event_id)
        .order_by(TicketAttachment.id)
    )
    if author.telegram_id is not None:
        for index, file in enumerate(files):
            outbox.enqueue(
                session,
                author.telegram_id,
                "",
                attachment={"kind": file.kind, "file_id": file.file_id},
                dedupe_key=f"rep:{event_id}:{index}",
            )
    text = i18n("work-report-for-author", number=ticket.number, report=report)
    await tell(session, i18n, settings, ticket, [author.id], text, f"ev:{event_id}")


def is_manager(person: Person) -> bool:
    return bool({Role.MANAGER, Role.ADMIN} & person.role_set)


def answer_markup(i18n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    return answer_keyboard(i18n, ticket)
