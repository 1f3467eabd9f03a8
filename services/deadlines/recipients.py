"""Who hears about deadlines and reports: chat ids by audience, read from the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Person, PersonRole, Role
from services import people


async def role_chat_ids(session: AsyncSession, role: Role) -> list[int]:
    rows = await session.scalars(
        select(Person.telegram_id)
        .where(
            Person.is_active.is_(True),
            Person.telegram_id.is_not(None),
            Person.roles.any(PersonRole.role == role.value),
        )
        .order_by(Person.id)
    )
    return [chat_id for chat_id in rows if chat_id is not None]


@dataclass
class Audiences:
    """Chat ids of the standing audiences; executors are looked up per ticket."""

    managers: list[int]
    admins: list[int]
    group: list[int]
    executors: dict[int, tuple[int | None, str]] = field(default_factory=dict)

    def executor_chat(self, person_id: int | None) -> list[int]:
        chat = self.executors.get(person_id or 0, (None, ""))[0]
        return [chat] if chat is not None else []

    def executor_name(self, person_id: int | None) -> str:
        return self.executors.get(person_id or 0, (None, ""))[1]

    def of(self, audience: str, person_id: int | None) -> list[int]:
        found = {
            "managers": self.managers,
            "admins": self.admins,
            "group": self.group,
            "executor": self.executor_chat(person_id),
        }[audience]
        return list(found)


async def load_audiences(
    session: AsyncSession,
    config_admins: frozenset[int],
    group_chat_id: int | None,
    executor_ids: Iterable[int | None] = (),
) -> Audiences:
    ids = {person_id for person_id in executor_ids if person_id is not None}
    executors: dict[int, tuple[int | None, str]] = {}
    if ids:
        rows = await session.execute(select(Person).where(Person.id.in_(ids)))
        for (person,) in rows:
            executors[person.id] = (
                person.telegram_id if person.is_active else None,
                person.full_name,
            )
    admins = await people.admin_chat_ids(session, config_admins)
    return Audiences(
        # Where nobody has the manager's role, the administrators stand in.
        managers=await role_chat_ids(session, Role.MANAGER) or admins,
        admins=admins,
        group=[group_chat_id] if group_chat_id else [],
        executors=executors,
    )
