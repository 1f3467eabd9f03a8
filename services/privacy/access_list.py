"""The access list («перечень лиц, допущенных к обработке ПДн»): every period a person held a
role, from ``role_history`` (kept by ``db.models.privacy`` on every change of roles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import Person, RoleHistory
from services.xlsx_cells import safe_row


@dataclass(frozen=True, slots=True)
class AccessPeriod:
    person_id: int
    name: str
    position: str
    role: str
    granted_at: datetime
    revoked_at: datetime | None
    granted_by: str


async def access_periods(session: AsyncSession) -> list[AccessPeriod]:
    """Every period, by person's name, then role, then the grant."""
    granter = aliased(Person)
    rows = await session.execute(
        select(RoleHistory, Person, granter)
        .join(Person, Person.id == RoleHistory.person_id)
        .outerjoin(granter, granter.id == RoleHistory.granted_by_id)
        .order_by(Person.last_name, Person.first_name, Person.id, RoleHistory.granted_at)
    )
    return [
        AccessPeriod(
            person_id=person.id,
            name=person.full_name,
            position=person.position or "",
            role=period.role,
            granted_at=period.granted_at,
            revoked_at=period.revoked_at,
            granted_by=by.full_name if by is not None else "",
        )
        for period, person, by in rows
    ]


def access_list_xlsx(
    periods: list[AccessPeriod],
    headers: list[str],
    role_names: dict[str, str],
    tz: ZoneInfo,
    nobody: str,
) -> bytes:
    """One row per period: ФИО, должность, роль, предоставлено, отозвано, кто предоставил."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(safe_row(sheet, headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for period in periods:
        sheet.append(
            safe_row(
                sheet,
                [
                    period.name,
                    period.position,
                    role_names.get(period.role, period.role),
                    _local(period.granted_at, tz),
                    _local(period.revoked_at, tz) if period.revoked_at else None,
                    period.granted_by or nobody,
                ],
            )
        )
        for cell in sheet[sheet.max_row][3:5]:
            cell.number_format = "DD.MM.YYYY HH:MM"
    sheet.freeze_panes = "A2"
    for index, width in enumerate((36, 28, 16, 18, 18, 36), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    # Excel has no time zones: the company's local time, without the zone.
    return moment.astimezone(tz).replace(tzinfo=None)
