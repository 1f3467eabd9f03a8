"""Destruction records (акты): what each retention run or erasure anonymised or removed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime, utcnow


class DestructionAct(Base):
    """One run that changed something: the daily retention job or an erasure."""

    __tablename__ = "destruction_acts"
    __table_args__ = (Index("ix_destruction_acts_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))  # "retention" | "erasure"
    # "system", or "person:<id>" for an erasure made by an admin (no foreign key: the act
    # must outlive the person).
    actor: Mapped[str] = mapped_column(String(40))


class DestructionActItem(Base):
    """One category of an act: how many items, which tickets (numbers) and people (ids)."""

    __tablename__ = "destruction_act_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    act_id: Mapped[int] = mapped_column(
        ForeignKey("destruction_acts.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer)
    ticket_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    person_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
