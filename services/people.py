"""People, their roles and who may do what: always read from the database."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, event, inspect, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, joinedload
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.dml import ReturningInsert

from db.models import ROLE_ORDER, FsmRecord, Person, PersonRole, Role

_KEPT = "people_kept"


@dataclass(frozen=True, slots=True)
class TelegramProfile:
    telegram_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True, slots=True)
class Access:
    person: Person | None
    roles: frozenset[Role]
    deactivated: bool = False
    # The values of ``resolve_access(also=...)``, read with the person (empty when unknown).
    also: tuple[Any, ...] = ()


async def by_ids(session: AsyncSession, ids: Sequence[int | None]) -> dict[int, Person]:
    """The people with these ids (``None`` and unknown ids are left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    # Loaded already (with their roles) in this session: the same objects a SELECT would
    # give back (it does not refresh them), without the two round trips (people, roles).
    found = {i: p for i in wanted if (p := loaded(session, i)) is not None}
    if len(found) == len(wanted):
        return found
    # Their roles in the same round trip (people have a handful each).
    query = (
        select(Person).where(Person.id.in_(wanted - found.keys())).options(joinedload(Person.roles))
    )
    read = keep(session, (await session.scalars(query)).unique())
    return found | {person.id: person for person in read}


def keep(session: AsyncSession, read: Iterable[Person]) -> list[Person]:
    """Hold people just read until the transaction ends, so that :func:`by_ids` and
    ``session.get`` find them there instead of reading them again (the session's identity map
    holds only what something else references)."""
    people = list(read)
    session.info.setdefault(_KEPT, []).extend(people)
    return people


@event.listens_for(Session, "after_transaction_end")
def _forget_kept(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a flush's or a savepoint
        session.info.pop(_KEPT, None)


def loaded(session: AsyncSession, person_id: int) -> Person | None:
    """The person with their roles, if this session holds them already (read in it)."""
    person = session.sync_session.identity_map.get(identity_key(Person, person_id))
    if not isinstance(person, Person):
        return None
    state = inspect(person)
    if state.deleted or state.was_deleted or state.expired_attributes or "roles" in state.unloaded:
        return None
    return person


async def by_telegram_id(session: AsyncSession, telegram_id: int) -> Person | None:
    return (await _by_telegram_id(session, telegram_id, ()))[0]


# session.info key: the sender, read ahead in a statement made anyway (read_sender_along).
_READ_AHEAD = "helpdesk_sender_read_ahead"


# Bind parameters of a statement made by :func:`reading_sender_along`.
SENDER_ID = "sender_telegram_id"
RECORD_KEYS = "dialogue_record_keys"


def reading_sender_along(
    modifying: ReturningInsert[Any], also: Sequence[ColumnElement[Any]]
) -> Select[Any]:
    """``modifying`` (an INSERT ... RETURNING one column; PostgreSQL, which allows it in a
    WITH), the sender read as :func:`resolve_access` would, and the dialogue records whose keys
    are bound to ``RECORD_KEYS``: one statement, one round trip. Built once and run with
    parameters by :func:`read_sender_along` (building it costs more CPU than running it)."""
    done = modifying.cte("done")
    one = select(literal(1).label("one")).subquery()
    telegram_id = bindparam(SENDER_ID, type_=Person.__table__.c.telegram_id.type)
    return (
        select(select(done.c[0]).scalar_subquery(), Person, *also, FsmRecord)
        .select_from(one)
        .outerjoin(Person, Person.telegram_id == telegram_id)
        # A row per record (none, or a handful): the person's columns repeat on each.
        .outerjoin(FsmRecord, FsmRecord.key.in_(bindparam(RECORD_KEYS, expanding=True)))
        .options(joinedload(Person.roles))
    )


async def read_sender_along(
    session: AsyncSession,
    statement: Select[Any],
    params: Mapping[str, Any],
    telegram_id: int,
    also: Sequence[ColumnElement[Any]],
    record_keys: Sequence[str] = (),
) -> tuple[Any, list[FsmRecord]]:
    """Run ``statement`` (made by :func:`reading_sender_along` with ``also``) with ``params``
    for its INSERT; :func:`resolve_access` then takes the sender from here. Returns the value
    the INSERT returned (or None), and those of the dialogue records that exist."""
    bound = {**params, SENDER_ID: telegram_id, RECORD_KEYS: list(record_keys)}
    rows = (await session.execute(statement, bound)).unique().all()
    first = rows[0]
    transaction = session.sync_session.get_transaction()
    session.info[_READ_AHEAD] = (transaction, telegram_id, also, first[1], tuple(first[2:-1]))
    return first[0], [row[-1] for row in rows if row[-1] is not None]


async def _by_telegram_id(
    session: AsyncSession, telegram_id: int, also: Sequence[ColumnElement[Any]]
) -> tuple[Person | None, tuple[Any, ...]]:
    ahead = session.info.pop(_READ_AHEAD, None)
    if ahead is not None:
        transaction, read_for, read_also, person, values = ahead
        if (
            transaction is session.sync_session.get_transaction()
            and read_for == telegram_id
            and read_also is also
        ):
            return (None, ()) if person is None else (person, values)
    result = await session.execute(_by_telegram_id_reading(tuple(also)), {SENDER_ID: telegram_id})
    row = result.unique().first()
    return (None, ()) if row is None else (row[0], tuple(row[1:]))


@functools.cache
def _by_telegram_id_reading(also: tuple[ColumnElement[Any], ...]) -> Select[Any]:
    """Built once for each ``also`` (a module's constant): this runs for every update. Roles
    in the same query; so are ``also``'s columns (scalar subqueries a caller would otherwise
    make a round trip for)."""
    telegram_id = bindparam(SENDER_ID, type_=Person.__table__.c.telegram_id.type)
    return (
        select(Person, *also)
        .where(Person.telegram_id == telegram_id)
        .options(joinedload(Person.roles))
    )


async def resolve_access(
    session: AsyncSession,
    profile: TelegramProfile,
    config_admins: frozenset[int],
    also: Sequence[ColumnElement[Any]] = (),
) -> Access:
    """Roles of the sender as the database has them now; config admins are always admins.

    ``also``: scalar subqueries read in the same statement (``Access.also``), when the sender
    is known."""
    person, also_values = await _by_telegram_id(session, profile.telegram_id, also)
    is_config_admin = profile.telegram_id in config_admins
    if person is None and is_config_admin:
        person = await _create_from_profile(session, profile, {Role.ADMIN})
    if person is None:
        return Access(person=None, roles=frozenset())
    if not person.is_active:
        return Access(person=person, roles=frozenset(), deactivated=True)
    roles = set(person.role_set)
    if is_config_admin:
        roles.add(Role.ADMIN)
    if profile.username != person.telegram_username:
        person.telegram_username = profile.username
    return Access(person=person, roles=frozenset(roles), also=also_values)


async def _create_from_profile(
    session: AsyncSession, profile: TelegramProfile, roles: Iterable[Role]
) -> Person:
    person = Person(
        last_name=profile.last_name or "",
        first_name=profile.first_name,
        telegram_id=profile.telegram_id,
        telegram_username=profile.username,
        roles=[PersonRole(role=role.value) for role in roles],
    )
    session.add(person)
    await session.flush()
    return person


async def create_from_profile(
    session: AsyncSession, profile: TelegramProfile, roles: Iterable[Role]
) -> Person:
    return await _create_from_profile(session, profile, roles)


async def set_roles(session: AsyncSession, person: Person, roles: Iterable[Role]) -> None:
    wanted = {Role(r) for r in roles}
    current = {Role(r.role): r for r in person.roles}
    for role, record in current.items():
        if role not in wanted:
            person.roles.remove(record)
    for role in wanted - current.keys():
        person.roles.append(PersonRole(role=role.value))
    await session.flush()


def sorted_roles(roles: Iterable[Role]) -> list[Role]:
    present = set(roles)
    return [role for role in ROLE_ORDER if role in present]


async def admin_chat_ids(session: AsyncSession, config_admins: frozenset[int]) -> list[int]:
    """Telegram ids of everyone who may decide access requests, config admins included."""
    db_admins = await session.scalars(
        select(Person.telegram_id).where(
            Person.is_active.is_(True),
            Person.telegram_id.is_not(None),
            Person.roles.any(PersonRole.role == Role.ADMIN.value),
        )
    )
    deactivated = set(
        await session.scalars(
            select(Person.telegram_id).where(
                Person.is_active.is_(False), Person.telegram_id.in_(config_admins)
            )
        )
    )
    ids = {tid for tid in db_admins if tid is not None}
    ids |= set(config_admins) - deactivated
    return sorted(ids)
