"""A resident known only from telephony calls (no ticket names them): found by phone, exported
(the calls sheet) and erased (their calls and the messages about them; others' calls stay)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from db.base import utcnow
from db.models import DestructionActItem, OutgoingMessage, PhoneCall
from services.outbox import enqueue
from services.privacy import subjects
from services.webhooks import calls
from tests.deadlines.helpers import make_world


class _Labels:
    def plain(self, key: str, /, **args: object) -> str:
        return key


async def test_a_caller_without_tickets_is_found_exported_and_erased(sqlite_url: str) -> None:
    world = await make_world(sqlite_url)
    async with world.factory() as session, session.begin():
        ours = await calls.register(
            session, phone="8 912 333-44-55", line="Аварийная", operator_id=None, api_key_id=None
        )
        enqueue(session, 5001, f"📞 Звонок: {ours.phone}")
        await calls.register(
            session, phone="+7 921 555-01-01", line="", operator_id=None, api_key_id=None
        )
    async with world.factory() as session, session.begin():
        found = await subjects.find(session, "+7 (912) 3334455")
        assert found is not None
        assert (found.ticket_ids, found.call_ids, found.empty) == ((), (ours.id,), False)
        data = await subjects.collect_resident(session, [], call_ids=found.call_ids)
        assert data.call_ids == [ours.id]
        name = subjects.export_name(data, utcnow())
        assert name.startswith(f"subject_c{ours.id}_")
        book = subjects.export_workbook(data, _Labels(), utcnow())
    with zipfile.ZipFile(io.BytesIO(subjects.export_zip(book, []))) as archive:
        sheets = load_workbook(io.BytesIO(archive.read("data.xlsx")), read_only=True)
        cells = {
            str(cell)
            for sheet in sheets.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        }
    assert {"+7 912 333-44-55", "Аварийная", "📞 Звонок: +7 912 333-44-55"} <= cells

    async with world.factory() as session, session.begin():
        erased = await subjects.erase_resident(session, [], now=utcnow(), call_ids=found.call_ids)
        assert (erased.changed, erased.calls, erased.messages) == (True, 1, 1)
    async with world.factory() as session, session.begin():
        assert list(await session.scalars(select(PhoneCall.phone))) == ["+7 921 555-01-01"]
        texts = list(await session.scalars(select(OutgoingMessage.text)))
        assert not any("333-44-55" in text for text in texts), texts
        items = list(await session.scalars(select(DestructionActItem)))
        # The message that named them counts with the personal-data values, as for tickets.
        assert {(i.category, i.count) for i in items} == {("calls", 1), ("ticket_personal_data", 1)}
        again = await subjects.erase_resident(session, [], now=utcnow(), call_ids=(ours.id,))
        assert not again.changed
    await world.engine.dispose()
