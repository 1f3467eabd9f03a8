"""The bot's side of ``services.work.notifications``: what the workflow's use cases say to
people, rendered (texts, the ticket card, buttons) and written to the outbox in the same
transaction as the change (delivered later with retries; a dedupe key per person and event).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.views.callbacks import TicketCb
from bot.views.card_parts import CardContext
from bot.views.long_text import split_text
from bot.views.names import short_name
from bot.views.ticket_card import TicketCard, notice_personal_keys, render_ticket_notice
from bot.views.work_buttons import answer_keyboard, assign_keyboard, open_button, take_keyboard
from db.models import OutgoingMessage, Person, Ticket, TicketAttachment, TicketOffer
from services import outbox, people
from services.audit import views as audit_views
from services.deadlines.planner import planner_for
from services.messages import Msg
from services.privacy.fields import group_hidden_keys
from services.privacy.notice import accepted_among
from services.work import offers, queries
from services.work.notifications import WorkContext

_TOLD = "work_dedupe_keys"
# A notice's shared texts: with the personal data (False) and without it (True).
_Bodies = dict[bool, tuple[str, list[str]]]


def _markup(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    return markup.model_dump(exclude_none=True) if markup is not None else None


class OutboxNotifier:
    """Implements :class:`services.work.notifications.WorkNotifier`."""

    def __init__(self, session: AsyncSession, i18n: Translator, settings: Settings) -> None:
        self._session = session
        self._i18n = i18n
        self._settings = settings

    async def tell(
        self,
        ticket: Ticket,
        person_ids: Iterable[int | None],
        message: Msg,
        key: str,
        *,
        with_card: bool = True,
    ) -> None:
        text = self._i18n.msg(message)
        found = await people.by_ids(self._session, list(person_ids))
        locked = await self._not_accepted(found.keys()) if with_card else set()
        for person in found.values():
            if not with_card:
                self._send(person, text, key)
                continue
            hidden = self._locked_keys(ticket) if person.id in locked else frozenset()
            card = await self._card(ticket, person, hidden)
            await self._unbutton_cards(ticket, person)
            body = self._with_lock(f"{text}\n\n{card.text}", hidden)
            sent = self._send(person, body, key, card.markup())
            await self._remember_card(ticket, person, sent)
            if sent is not None:  # after that flush: it joins the transaction's last INSERTs
                shown = notice_personal_keys(ticket, hidden)
                audit_views.notice_sent(self._session, ticket, person.id, shown)

    async def brief(
        self, ticket: Ticket, person_ids: Iterable[int | None], message: Msg, key: str
    ) -> None:
        text = self._i18n.msg(message)
        markup = open_keyboard(self._i18n, ticket)
        for person in (await people.by_ids(self._session, list(person_ids))).values():
            await self._unbutton_cards(ticket, person)
            self._send(person, text, key, markup)

    async def ticket_taken(self, ticket: Ticket, taker: Person, key: str) -> None:
        told = Msg("work-taken-for-author", {"number": ticket.number, "name": short_name(taker)})
        await self.brief(ticket, [ticket.author_id], told, key)

    async def ticket_refused(self, ticket: Ticket, refuser: Person, key: str) -> None:
        told = Msg(
            "work-refused-for-author", {"number": ticket.number, "name": short_name(refuser)}
        )
        await self.brief(ticket, [ticket.author_id], told, key)

    async def _remember_card(
        self, ticket: Ticket, person: Person, sent: OutgoingMessage | None
    ) -> None:
        if sent is None or sent.reply_markup is None:
            return
        await self._session.flush()
        self._session.add(
            TicketOffer(
                ticket_id=ticket.id, person_id=person.id, kind=offers.CARD_KIND, outbox_id=sent.id
            )
        )

    async def _unbutton_cards(self, ticket: Ticket, person: Person) -> None:
        """Earlier cards of the ticket keep their text and lose their buttons."""
        session = self._session
        for row in await offers.stale_cards(session, ticket.id, [person.id]):
            original = (
                await session.get(OutgoingMessage, row.outbox_id)
                if row.outbox_id is not None
                else None
            )
            if original is None or original.reply_markup is None:
                continue
            # Empty text: only the buttons go (the message may show a newer card by now).
            outbox.enqueue(
                session,
                original.chat_id,
                "",
                None,
                edit_of=original.id,
                dedupe_key=f"unbutton:{row.id}",
            )

    async def tell_managers(self, ticket: Ticket, message: Msg, key: str) -> None:
        managers = await queries.managers(self._session, self._settings.access.admins)
        group = self._settings.workflow.notify.managers_chat_id
        if not managers and not group:
            return
        headline = self._i18n.msg(message)
        made: _Bodies = {}
        locked = await self._not_accepted(manager.id for manager in managers)
        is_open = ticket.closed_at is None
        assign = assign_keyboard(self._i18n, ticket) if is_open else None
        markup = _with_open(self._i18n, ticket, assign)
        for manager in managers:
            body, shown = await self._body(made, ticket, headline, manager.id in locked)
            sent = self._send(manager, body, f"{key}:m", markup)
            if sent is not None:
                audit_views.notice_sent(self._session, ticket, manager.id, shown)
            if sent is not None and is_open:
                # Kept so that the button can be taken away once somebody is assigned.
                await self._session.flush()
                self._session.add(
                    TicketOffer(
                        ticket_id=ticket.id, person_id=manager.id, kind="assign", outbox_id=sent.id
                    )
                )
        if group:
            if self._settings.privacy.minimise_group_notices:
                hidden = self._group_hidden_keys(ticket)
                body = f"{headline}\n\n{(await self._card(ticket, None, hidden)).text}"
                shown = notice_personal_keys(ticket, hidden)
            else:
                body, shown = await self._body(made, ticket, headline, False)
            _enqueue_split(self._session, group, body, None, f"{key}:group")
            audit_views.notice_sent(self._session, ticket, None, shown, chat="managers")

    async def offer_to_pool(
        self,
        ticket: Ticket,
        offers: Sequence[TicketOffer],
        key: str,
        *,
        headline: Msg | None = None,
    ) -> None:
        found = await people.by_ids(self._session, [offer.person_id for offer in offers])
        said = self._i18n.msg(headline) if headline is not None else self._i18n("work-pool-offer")
        made: _Bodies = {}
        locked = await self._not_accepted(found.keys())
        markup = _with_open(self._i18n, ticket, take_keyboard(self._i18n, ticket))
        for offer in offers:
            body, shown = await self._body(made, ticket, said, offer.person_id in locked)
            sent = self._send(found.get(offer.person_id), body, f"pool:{key}", markup)
            if sent is not None:
                audit_views.notice_sent(self._session, ticket, offer.person_id, shown)
                await self._session.flush()
                offer.outbox_id = sent.id  # the message to edit when somebody takes it
        await self._session.flush()

    async def offers_closed(
        self,
        ticket: Ticket,
        taker: Person,
        offers: Sequence[TicketOffer],
        except_id: int | None,
        *,
        assigned: bool = False,
    ) -> None:
        session = self._session
        if assigned:
            name = short_name(taker)
            text = self._i18n("daily-assigned-waiting", number=ticket.number, name=name)
        else:
            text = self._i18n("work-already-taken", number=ticket.number, name=taker.full_name)
        for offer in offers:
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

    async def send_report(self, ticket: Ticket, event_id: int, report: str) -> None:
        session = self._session
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
        told = Msg("work-report-for-author", {"number": ticket.number, "report": report})
        await self.tell(ticket, [author.id], told, f"ev:{event_id}")

    async def ask_author(self, ticket: Ticket, message: Msg, key: str) -> None:
        author = await self._session.get(Person, ticket.author_id)
        if author is not None and author.telegram_id is not None:
            _enqueue_split(
                self._session,
                author.telegram_id,
                self._i18n.msg(message),
                _markup(answer_keyboard(self._i18n, ticket)),
                f"{key}:{author.id}",
            )

    def _group_hidden_keys(self, ticket: Ticket) -> frozenset[str]:
        """A group chat gets no resident's personal data: the fields flagged as such and
        phones are left out, the address fields kept (152-ФЗ)."""
        return group_hidden_keys(ticket.field_set.definition, self._settings.tickets.address_fields)

    async def _not_accepted(self, person_ids: Iterable[int]) -> set[int]:
        """Staff who have yet to accept the privacy notice: their notices leave out the
        resident's personal data until they do (the card on «📄 Открыть» waits for it)."""
        privacy = self._settings.privacy
        wanted = set(person_ids)
        if not privacy.require_acceptance or not wanted:
            return set()
        version = privacy.notice_version
        return wanted - await accepted_among(self._session, wanted, version)

    async def _body(
        self, made: _Bodies, ticket: Ticket, headline: str, locked: bool
    ) -> tuple[str, list[str]]:
        """A notice's text shared by its recipients (rendered once, kept in ``made``), without
        the resident's personal data for those ``locked``; with the fields it shows."""
        if locked not in made:
            hidden = self._locked_keys(ticket) if locked else frozenset()
            card = await self._card(ticket, None, hidden)
            body = self._with_lock(f"{headline}\n\n{card.text}", hidden)
            made[locked] = (body, notice_personal_keys(ticket, hidden))
        return made[locked]

    def _locked_keys(self, ticket: Ticket) -> frozenset[str]:
        return group_hidden_keys(ticket.field_set.definition)

    def _with_lock(self, body: str, hidden: frozenset[str]) -> str:
        return f"{body}\n\n{self._i18n('privacy-notice-locked')}" if hidden else body

    async def _card(
        self, ticket: Ticket, viewer: Person | None, hidden: frozenset[str] = frozenset()
    ) -> TicketCard:
        roles = viewer.role_set if viewer is not None else frozenset()
        card_context = CardContext(
            self._session, self._i18n, self._settings, ticket, viewer, roles, hidden
        )
        return await render_ticket_notice(card_context)

    def _send(
        self,
        person: Person | None,
        text: str,
        key: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> OutgoingMessage | None:
        if person is None or person.telegram_id is None or not person.is_active:
            return None
        told: set[str] = self._session.info.setdefault(_TOLD, set())
        if f"{key}:{person.id}" in told:
            return None  # already told about this in the same transaction
        told.add(f"{key}:{person.id}")
        return _enqueue_split(
            self._session, person.telegram_id, text, _markup(markup), f"{key}:{person.id}"
        )


def _with_open(
    i18n: Translator, ticket: Ticket, markup: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup:
    """«📄 Открыть» (the whole card, rights checked on press) above the notice's own buttons."""
    rows = markup.inline_keyboard if markup is not None else []
    return InlineKeyboardMarkup(inline_keyboard=[[open_button(i18n, ticket)], *rows])


def open_keyboard(i18n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    """[📄 Открыть]: the card as it is now, with the buttons the presser may use now."""
    button = InlineKeyboardButton(
        text=i18n.plain("daily-btn-open"),
        callback_data=TicketCb(action="open", ticket_id=ticket.id).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def _enqueue_split(
    session: AsyncSession,
    chat_id: int,
    text: str,
    markup: dict[str, Any] | None,
    dedupe_key: str,
) -> OutgoingMessage:
    """``text`` whole, over several messages when long (each chat's messages go out in
    order); the buttons go on the last one, which is returned (the one to edit later)."""
    chunks = split_text(text)
    last = len(chunks) - 1
    rows = [
        outbox.enqueue(
            session,
            chat_id,
            chunk,
            markup if index == last else None,
            dedupe_key=_part(dedupe_key, index),
        )
        for index, chunk in enumerate(chunks)
    ]
    return rows[-1]


def _part(dedupe_key: str, index: int) -> str:
    # The first part keeps the plain key, as a short message always had.
    return dedupe_key if index == 0 else f"{dedupe_key}:part{index + 1}"


def work_context(session: AsyncSession, i18n: Translator, settings: Settings) -> WorkContext:
    """The workflow's use cases, speaking through the outbox."""
    return WorkContext(
        session=session,
        settings=settings.workflow,
        planner=planner_for(settings.deadlines),
        notifier=OutboxNotifier(session, i18n, settings),
    )
