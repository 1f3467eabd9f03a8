"""Personal data (152-ФЗ): acceptances of the privacy notice and the history of roles."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.base import Base, UtcDateTime, utcnow
from db.models.people import Person, PersonRole


class PrivacyAcceptance(Base):
    """A person accepted the privacy notice of ``version`` at ``accepted_at``."""

    __tablename__ = "privacy_acceptances"
    __table_args__ = (UniqueConstraint("person_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RoleHistory(Base):
    """One period a person held a role: the access list («перечень лиц, допущенных к
    обработке ПДн»). Open while ``revoked_at`` is empty; never deleted by the application."""

    __tablename__ = "role_history"
    __table_args__ = (Index("ix_role_history_person_id_role", "person_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


# session.info key: the person whose update is being handled; role changes made in it are
# recorded as granted or revoked by them (set by the bot's privacy middleware).
ACTOR_KEY = "privacy_actor_id"


@event.listens_for(Session, "after_flush")
def _keep_role_history(session: Session, _context: Any) -> None:
    """Every flush that adds or removes a role, or (de)activates a person, brings their
    open periods in ``role_history`` in line: an active person has one open period per role
    they hold, an inactive one none. Every place that changes roles is covered this way,
    whatever path it takes (approval, the staff card, invitations, a deactivation)."""
    touched: set[int] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, PersonRole) and obj.person_id is not None:
            touched.add(obj.person_id)
    for obj in session.dirty:
        if isinstance(obj, Person) and inspect(obj).attrs.is_active.history.has_changes():
            touched.add(obj.id)
    if touched:
        _reconcile(session, touched, session.info.get(ACTOR_KEY))


def _reconcile(session: Session, person_ids: set[int], actor_id: int | None) -> None:
    history = cast(Table, RoleHistory.__table__)
    roles_table = cast(Table, PersonRole.__table__)
    people_table = cast(Table, Person.__table__)
    connection = session.connection()
    now = utcnow()
    held: dict[int, set[str]] = {person_id: set() for person_id in person_ids}
    rows = connection.execute(
        select(roles_table.c.person_id, roles_table.c.role)
        .join(people_table, people_table.c.id == roles_table.c.person_id)
        .where(roles_table.c.person_id.in_(person_ids), people_table.c.is_active.is_(True))
    )
    for person_id, role in rows:
        held[person_id].add(role)
    open_rows = connection.execute(
        select(history.c.id, history.c.person_id, history.c.role).where(
            history.c.person_id.in_(person_ids), history.c.revoked_at.is_(None)
        )
    )
    for row_id, person_id, role in list(open_rows):
        if role in held[person_id]:
            held[person_id].discard(role)  # already open: nothing to do
            continue
        connection.execute(
            update(history)
            .where(history.c.id == row_id)
            .values(revoked_at=now, revoked_by_id=actor_id)
        )
    for person_id, roles in held.items():
        granted_by = actor_id if actor_id != person_id else None
        for role in sorted(roles):
            connection.execute(
                insert(history).values(
                    person_id=person_id,
                    role=role,
                    granted_at=now,
                    granted_by_id=granted_by,
                )
            )
