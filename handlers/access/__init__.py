"""Getting in: /start and the main menu, invitation links, access requests and their approval
(with roles, or by linking to a staff record). Open to everyone, strangers included."""

from __future__ import annotations

from aiogram import Router

from handlers.access import invitations, privacy, requests, start


def create_router() -> Router:
    router = Router(name="access")
    router.include_routers(
        # "/start <invitation token>" is tried before the plain /start.
        invitations.create_router(),
        start.create_router(),
        requests.create_router(),
        privacy.create_router(),
    )
    return router
