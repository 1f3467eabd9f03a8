"""The audit log for admins: /audit and «🧾 Журнал аудита» — a paged list, newest first,
filtered by person, ticket and dates, and its .xlsx. Every press re-checks the admin role
from the database; anyone else pressing (or forging) one of its buttons is told «Нет доступа»."""

from __future__ import annotations

from aiogram import Router

from handlers.audit import view


def create_router() -> Router:
    router = Router(name="audit")
    router.include_router(view.create_router())
    return router
