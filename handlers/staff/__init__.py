"""People: the staff list and cards (roles, deactivation), executors' shifts, and the
import of the company's staff .xlsx. Each part sets who may use it; anyone else pressing an
import button (strangers included) is told they have no rights."""

from __future__ import annotations

from aiogram import Router

from handlers.staff import dialog, shift, upload


def create_router() -> Router:
    router = Router(name="staff")
    router.include_routers(
        dialog.create_router(),
        shift.create_router(),
        # Last: it takes any document that nothing before it wanted.
        upload.create_router(),
    )
    return router
