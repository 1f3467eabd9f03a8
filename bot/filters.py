"""Role filters: roles come from the database on every update (see PersonMiddleware)."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from db.models import Role


class HasRole(Filter):
    """Passes when the sender holds any of the given roles."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, roles: frozenset[Role] = frozenset()) -> bool:
        return bool(self.roles & roles)


class IsKnown(Filter):
    """Passes when the sender is an active person holding at least one role."""

    async def __call__(self, event: TelegramObject, roles: frozenset[Role] = frozenset()) -> bool:
        return bool(roles)


class IsUnknown(Filter):
    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        return not data.get("roles")
