"""Tickets: creating one (the field-by-field dialogue), comments and files, managers' field
edits, search, and opening tickets (by number, «Мои заявки», the card's buttons). Staff only;
each action re-checks the person's rights on the ticket."""

from __future__ import annotations

from aiogram import Router

from bot.filters import IsKnown
from handlers.tickets import comments, create, edit, from_message, search, stray_files, view


def create_router() -> Router:
    router = Router(name="tickets")
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.include_routers(
        create.create_router(),
        comments.create_router(),
        edit.create_router(),
        search.create_router(),
        # After every dialogue: "№1024" typed as a dialogue's answer belongs to the dialogue.
        view.create_router(),
    )
    return router


def create_free_text_router() -> Router:
    """A resident's message forwarded or pasted by someone who creates tickets: the offer to
    make it a ticket; a number, phone or address typed outside a dialogue: a search (just
    before the fallback, after every handler that understands text)."""
    router = Router(name="tickets-free-text")
    router.include_routers(
        from_message.create_router(),
        # A file outside a dialogue is never text to search: offered to an executor's ticket.
        stray_files.create_router(),
        search.create_free_text_router(),
    )
    return router
