"""Subject requests (152-ФЗ, ст. 14 and 21): find a person, export what is held, erase it.

A *resident* is found through the tickets that name them: by phone (the tickets'
``phone_digits`` index, any written form) or by name (the values of the fields flagged as
personal data); the telephony calls from their number (``calls``) are theirs too. A *staff
member* is a ``people`` row, found by name or phone.

- :func:`collect_resident` / :func:`collect_staff` gather every record and value held about
  the person: the rows themselves (all columns, as stored) and the messages in the outbox and
  dialogue states that mention them; :func:`export_workbook` and :func:`export_zip` make the
  file the admin sends on.
- :func:`erase_resident` anonymises the tickets (``services.privacy.anonymise``: numbers,
  categories, stages and times stay, so report figures do not change), deletes their calls
  and the API idempotency keys of their tickets, and removes their values from the outbox
  and dialogue states; :func:`erase_staff` pseudonymises a deactivated
  person's row (the ticket history then shows the pseudonym) and removes their access
  requests, invitation traces and finished staff uploads that list them. Both are
  idempotent: a second call changes nothing and says so (``changed`` is false).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any, Protocol, cast

from openpyxl import Workbook, load_workbook
from sqlalchemy import Table, Text, and_, bindparam, delete, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base, utcnow
from db.models import (
    AccessRequest,
    ApiIdempotencyKey,
    AuditEntry,
    FsmRecord,
    Invitation,
    OutgoingFile,
    OutgoingMessage,
    Person,
    PhoneCall,
    StaffUpload,
    Ticket,
    TicketAttachment,
    TicketEvent,
)
from services.privacy.acts import SYSTEM_ACTOR, ActCategory, ActItem, ActKind, write_act
from services.privacy.anonymise import PLACEHOLDER, anonymise_tickets
from services.privacy.fields import personal_by_default, personal_data_keys
from services.tickets.events import EventKind
from services.tickets.search_index import PHONE_DIGITS, phones_in, tokens
from services.xlsx_cells import safe_row

# Exports are sent under this name; erasure deletes the stored copies of sent ones.
EXPORT_PREFIX = "subject_"
MAX_TICKETS = 500
MAX_STAFF = 10
# Values shorter than this (a flat «5») are too common to look for in messages.
MIN_NEEDLE = 3
# A Telegram bot may send documents of up to 50 MB: files beyond this total are listed only.
MAX_FILES_BYTES = 45 * 1024 * 1024
_CELL_LIMIT = 32_000
_BATCH = 500
_ONLY_PHONE = re.compile(r"^\+?[\d\s().\-]+$")
# A phone written inside text, as the search index finds them (services.tickets.search_index).
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+\d|[789])(?:[\s().\-]{0,2}\d){9,11}(?!\w)")


def _t(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _outbox_columns(outbox: Table) -> list[Any]:
    """The id and every outbox column a subject's value may stand in."""
    c = outbox.c
    return [c.id, c.text, c.payload, c.reply_markup, c.attachment]


class Labels(Protocol):
    def plain(self, key: str, /, **args: Any) -> str: ...


# ----- finding


@dataclass(frozen=True, slots=True)
class StaffMatch:
    id: int
    name: str
    is_active: bool


@dataclass(frozen=True, slots=True)
class Found:
    ticket_ids: tuple[int, ...] = ()
    ticket_numbers: tuple[int, ...] = ()
    staff: tuple[StaffMatch, ...] = ()
    call_ids: tuple[int, ...] = ()  # telephony calls from the phone looked for

    @property
    def resident(self) -> bool:
        return bool(self.ticket_ids or self.call_ids)

    @property
    def empty(self) -> bool:
        return not self.resident and not self.staff


def parse_lookup(text: str) -> tuple[str | None, tuple[str, ...]]:
    """A phone's last 10 digits, or the words of a name; ``(None, ())`` when neither."""
    stripped = text.strip()
    digits = re.sub(r"\D", "", stripped)
    if _ONLY_PHONE.fullmatch(stripped) and len(digits) >= PHONE_DIGITS:
        return digits[-PHONE_DIGITS:], ()
    words = tuple(dict.fromkeys(w for w in tokens(stripped) if not w.isdigit() and len(w) > 1))
    return None, words


def _phone_key(value: object) -> str | None:
    digits = re.sub(r"\D", "", str(value or ""))
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else None


def pd_keys(definition: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Personal-data fields of a stored definition (the flag, or the defaults without one)."""
    flagged = personal_data_keys(definition)
    if flagged:
        return flagged
    return frozenset(
        str(item["key"])
        for item in definition
        if "key" in item and personal_by_default(item["key"], item.get("type"))
    )


def _types(definition: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {str(i["key"]): str(i.get("type", "")) for i in definition if "key" in i}


async def find(session: AsyncSession, query: str) -> Found | None:
    """Tickets naming the resident and staff members matching ``query``; ``None``: unusable."""
    phone, words = parse_lookup(query)
    if phone is None and not words:
        return None
    tickets: list[Ticket] = []
    if phone is not None:
        condition: Any = Ticket.phone_digits.like(f"% {phone} %")
    else:
        condition = and_(*(Ticket.search_text.like(f"% {word} %") for word in words))
    earlier = await _earlier_values(session, phone, words)
    if earlier:
        condition = or_(condition, Ticket.id.in_(earlier))
    rows = await session.scalars(
        select(Ticket).where(condition).order_by(Ticket.number).limit(MAX_TICKETS * 4)
    )
    tickets = [t for t in rows if phone is not None or t.id in earlier or _names_match(t, words)][
        :MAX_TICKETS
    ]
    staff: list[StaffMatch] = []
    for person in await session.scalars(select(Person).order_by(Person.id)):
        if phone is not None:
            hit = _phone_key(person.phone) == phone
        else:
            hit = set(words) <= set(tokens(person.full_name))
        if hit:
            staff.append(StaffMatch(person.id, person.full_name, person.is_active))
    return Found(
        ticket_ids=tuple(t.id for t in tickets),
        ticket_numbers=tuple(t.number for t in tickets),
        staff=tuple(staff[:MAX_STAFF]),
        call_ids=tuple(await calls_from(session, {phone})) if phone is not None else (),
    )


async def calls_from(session: AsyncSession, phone_keys: set[str]) -> list[int]:
    """Telephony calls from these numbers (last 10 digits); the table holds 30 days."""
    if not phone_keys:
        return []
    rows = await session.execute(select(PhoneCall.id, PhoneCall.phone).order_by(PhoneCall.id))
    return [call_id for call_id, phone in rows if _phone_key(phone) in phone_keys]


async def _earlier_values(
    session: AsyncSession, phone: str | None, words: Sequence[str]
) -> set[int]:
    """Tickets where the phone or the name was a value before an edit (the history)."""
    found: set[int] = set()
    events = select(TicketEvent.ticket_id, TicketEvent.data).where(
        TicketEvent.kind == EventKind.FIELD_CHANGED.value
    )
    async for rows in _chunks(session, events):
        for ticket_id, data in rows:
            for side in ("old", "new"):
                for text in _strings((data or {}).get(side)):
                    if (phone is not None and _phone_key(text) == phone) or (
                        phone is None and set(words) <= set(tokens(text))
                    ):
                        found.add(ticket_id)
    return found


def _names_match(ticket: Ticket, words: Sequence[str]) -> bool:
    """Every word is a whole word of one of the ticket's personal-data (non-phone) values."""
    definition = ticket.field_set.definition
    types = _types(definition)
    found: set[str] = set()
    for key in pd_keys(definition):
        if types.get(key) == "phone":
            continue
        for text in _strings(ticket.values.get(key)):
            found.update(tokens(text))
    return set(words) <= found


# ----- what is held


@dataclass
class Sheet:
    title_key: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HeldFile:
    file_id: str
    kind: str
    name: str
    ticket_number: int | None
    size: int = 0


@dataclass
class Collected:
    """Everything held about one subject; ``needles``: their values, to find mentions by."""

    kind: str  # "resident" | "staff"
    ticket_numbers: list[int] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    person_id: int | None = None
    sheets: list[Sheet] = field(default_factory=list)
    files: list[HeldFile] = field(default_factory=list)
    needles: set[str] = field(default_factory=set)
    # Values replaced only where a needle was found too (addresses: shared by neighbours).
    weak_needles: set[str] = field(default_factory=set)

    @property
    def record_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def _strings(value: Any) -> Iterator[str]:
    """Every string (and number) leaf of a stored value."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, int | float):
        yield str(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _flat(value: Any, prefix: str = "") -> list[str]:
    """A JSON value as ``path: leaf`` lines (each leaf kept exactly as stored)."""
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, item in value.items():
            lines.extend(_flat(item, f"{prefix}.{key}" if prefix else str(key)))
        return lines
    if isinstance(value, list | tuple):
        lines = []
        for index, item in enumerate(value):
            lines.extend(_flat(item, f"{prefix}[{index}]"))
        return lines
    if value is None:
        return []
    return [f"{prefix}: {value}" if prefix else str(value)]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return f"<{len(value)} B>"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list | tuple):
        return "\n".join(_flat(value))[:_CELL_LIMIT]
    if isinstance(value, str):
        return value[:_CELL_LIMIT]
    return value


async def _dump(
    session: AsyncSession,
    table: Table,
    title_key: str,
    condition: Any,
    order: Any = None,
    *,
    only_safe: bool = False,
) -> Sheet:
    columns = [c for c in table.columns if not only_safe or _safe(c.name)]
    sheet = Sheet(title_key, [column.name for column in columns])
    statement = select(*columns).where(condition)
    primary = list(table.primary_key.columns)
    statement = statement.order_by(*(primary if order is None else [order]))
    for row in await session.execute(statement):
        sheet.rows.append([_cell(value) for value in row])
    return sheet


def _name_parts(text: str) -> tuple[set[str], set[str]]:
    """«Иванова Мария Петровна»: two words in a row name the person wherever they stand
    («звонила Иванова Мария»); single words only within what already names them."""
    words = [w.strip(".,;:!?«»\"'()") for w in text.split()]
    words = [w for w in words if w]
    pairs = {f"{a} {b}" for a, b in pairwise(words)} if len(words) > 2 else set()
    return pairs, {w for w in words if len(w) >= MIN_NEEDLE}


def _needles_from(
    values: Mapping[str, Any], keys: Iterable[str], types: Mapping[str, str]
) -> set[str]:
    found: set[str] = set()
    for key in keys:
        for text in _strings(values.get(key)):
            if text and text != PLACEHOLDER and len(text) >= MIN_NEEDLE:
                found.add(text)
                if types.get(key) == "phone" and (phone := _phone_key(text)):
                    found.add(phone)
    return found


async def collect_resident(
    session: AsyncSession,
    ticket_ids: Sequence[int],
    address_fields: Sequence[str] = (),
    *,
    call_ids: Sequence[int] = (),
    sheets: bool = True,
) -> Collected:
    """The tickets naming a resident, their history, files, the calls from their numbers
    (``call_ids`` and those from the tickets' phones) and the messages about them."""
    tickets = list(
        await session.scalars(
            select(Ticket).where(Ticket.id.in_(ticket_ids)).order_by(Ticket.number)
        )
    )
    ids = [t.id for t in tickets]
    data = Collected("resident", ticket_numbers=[t.number for t in tickets])
    number_of = {t.id: t.number for t in tickets}
    pd_of: dict[int, frozenset[str]] = {}
    types_of: dict[int, dict[str, str]] = {}
    fields = Sheet("subject-sheet-fields", ["ticket", "key", "label", "personal_data", "value"])
    for ticket in tickets:
        definition = ticket.field_set.definition
        labels = {str(i["key"]): str(i.get("label", "")) for i in definition if "key" in i}
        keys, types = pd_keys(definition), _types(definition)
        pd_of[ticket.id], types_of[ticket.id] = keys, types
        for key, value in ticket.values.items():
            fields.rows.append(
                [ticket.number, key, labels.get(key, key), key in keys, _cell(value)]
            )
        strong = [k for k in keys if k not in address_fields]
        data.needles |= _needles_from(ticket.values, strong, types)
        for key in strong:
            if types.get(key) != "phone":
                for text in _strings(ticket.values.get(key)):
                    pairs, words = _name_parts(text)
                    data.needles |= pairs
                    data.weak_needles |= words
        data.weak_needles |= _needles_from(ticket.values, keys & set(address_fields), types)
        for key, value in ticket.values.items():
            if types.get(key) == "attachments" and isinstance(value, list):
                for item in value:
                    if isinstance(item, Mapping):
                        data.needles |= {
                            str(item[name])
                            for name in ("file_id", "file_unique_id")
                            if item.get(name)
                        }
    data.sheets.append(fields)
    data.sheets.append(
        await _dump(session, _t(Ticket), "subject-sheet-tickets", Ticket.id.in_(ids))
    )
    events = await _dump(
        session, _t(TicketEvent), "subject-sheet-events", TicketEvent.ticket_id.in_(ids)
    )
    data.sheets.append(events)
    # Values the resident had before an edit are theirs too.
    for event in await session.scalars(
        select(TicketEvent).where(
            TicketEvent.ticket_id.in_(ids), TicketEvent.kind == EventKind.FIELD_CHANGED.value
        )
    ):
        key = str((event.data or {}).get("key"))
        if key in pd_of.get(event.ticket_id, frozenset()):
            old_new = {"old": event.data.get("old"), "new": event.data.get("new")}
            target = data.weak_needles if key in address_fields else data.needles
            target |= _needles_from(
                old_new,
                ("old", "new"),
                {
                    "old": types_of[event.ticket_id].get(key, ""),
                    "new": types_of[event.ticket_id].get(key, ""),
                },
            )
    attachments = list(
        await session.scalars(
            select(TicketAttachment)
            .where(TicketAttachment.ticket_id.in_(ids))
            .order_by(TicketAttachment.id)
        )
    )
    data.sheets.append(
        await _dump(
            session,
            _t(TicketAttachment),
            "subject-sheet-attachments",
            TicketAttachment.ticket_id.in_(ids),
        )
    )
    for attachment in attachments:
        data.needles.add(attachment.file_id)
        if attachment.file_unique_id:
            data.needles.add(attachment.file_unique_id)
        data.files.append(
            HeldFile(
                attachment.file_id,
                attachment.kind,
                attachment.name or "",
                number_of.get(attachment.ticket_id),
                attachment.size or 0,
            )
        )
    if data.ticket_numbers:
        data.sheets.append(
            await _dump(
                session,
                _t(AuditEntry),
                "subject-sheet-audit",
                AuditEntry.ticket_number.in_(data.ticket_numbers),
            )
        )
    await _calls(session, data, call_ids)
    if sheets:
        await _mentions(session, data)
    return data


async def _calls(session: AsyncSession, data: Collected, call_ids: Sequence[int]) -> None:
    """The calls found by the phone looked for, and those from the tickets' phones."""
    phones = {needle for needle in data.needles if _is_phone_key(needle)}
    wanted = set(call_ids) | set(await calls_from(session, phones))
    found = await session.execute(
        select(PhoneCall.id, PhoneCall.phone).where(PhoneCall.id.in_(sorted(wanted)))
    )
    for call_id, phone in found:
        data.call_ids.append(call_id)
        data.needles.add(phone)
        if (key := _phone_key(phone)) is not None:
            data.needles.add(key)
    data.call_ids.sort()
    if data.call_ids:
        data.sheets.append(
            await _dump(
                session, _t(PhoneCall), "subject-sheet-calls", PhoneCall.id.in_(data.call_ids)
            )
        )


def _foreign_keys_to_people() -> list[tuple[Table, list[Any]]]:
    """Every table with columns pointing at ``people.id`` (ticket authors, role history, ...)."""
    found: list[tuple[Table, list[Any]]] = []
    for table in Base.metadata.sorted_tables:
        columns = [
            column
            for column in table.columns
            if any(fk.column.table.name == "people" for fk in column.foreign_keys)
        ]
        if columns and table.name != "people":
            found.append((table, columns))
    return found


async def collect_staff(session: AsyncSession, person_id: int) -> Collected | None:
    """The person's row and every row that names them, and the messages about them."""
    person = await session.get(Person, person_id)
    if person is None:
        return None
    data = Collected("staff", person_id=person_id)
    people = _t(Person)
    data.sheets.append(
        await _dump(session, people, "subject-sheet-person", people.c.id == person_id)
    )
    for table, columns in _foreign_keys_to_people():
        for column in columns:
            # A row about the person (their roles, acceptances, invitations) is theirs whole;
            # a row they only took part in (a ticket they wrote, a request they decided) is
            # about someone else too: its ids, times and kinds only.
            sheet = await _dump(
                session,
                table,
                f"table:{table.name}.{column.name}",
                column == person_id,
                only_safe=column.name != "person_id",
            )
            if sheet.rows:
                data.sheets.append(sheet)
    if person.telegram_id is not None:
        requests = _t(AccessRequest)
        data.sheets.append(
            await _dump(
                session,
                requests,
                "table:access_requests (telegram_id)",
                and_(
                    requests.c.telegram_id == person.telegram_id,
                    or_(requests.c.person_id.is_(None), requests.c.person_id != person_id),
                ),
            )
        )
    audit = _t(AuditEntry)
    data.sheets.append(
        await _dump(
            session,
            audit,
            "subject-sheet-audit",
            or_(audit.c.actor_id == person_id, audit.c.subject_person_id == person_id),
        )
    )
    # Messages that name them also name residents and colleagues: not exported, only
    # searched for (and rewritten) by the erasure.
    data.needles = _staff_needles(person)
    return data


# Columns of a row someone only took part in that say nothing about anyone.
_SAFE_NAMES = frozenset(
    {"id", "at", "kind", "status", "role", "number", "stage_key", "from_stage", "to_stage"}
    | {"category", "priority", "outcome", "action", "result", "version", "schedule"}
)


def _safe(name: str) -> bool:
    return name in _SAFE_NAMES or name.endswith(("_id", "_at", "_seconds"))


def _staff_needles(person: Person) -> set[str]:
    found = {
        value
        for value in (person.full_name, person.phone, person.telegram_username)
        if value and len(value) >= MIN_NEEDLE
    }
    if person.telegram_username:
        found.add(f"@{person.telegram_username}")
    if (phone := _phone_key(person.phone)) is not None:
        found.add(phone)
    # «Фамилия И. О.» and «Фамилия И.»: how notices name a colleague.
    if person.last_name and person.first_name:
        initials = [f"{part[0]}." for part in (person.first_name, person.patronymic) if part]
        found.add(f"{person.last_name} {' '.join(initials)}")
        found.add(f"{person.last_name} {initials[0]}")
    return found


def _escaped(needle: str) -> str:
    return needle.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_phone_key(needle: str) -> bool:
    return len(needle) == PHONE_DIGITS and needle.isdigit()


def _mentions_any(value: Any, needles: Iterable[str]) -> bool:
    needles = list(needles)
    phones = {n for n in needles if _is_phone_key(n)}
    for text in _strings(value):
        if any(n in text or _escaped(n) in text for n in needles):
            return True
        # A phone typed in another form («8 911 444 37 91» in a comment).
        if phones and not phones.isdisjoint(phones_in(text)):
            return True
    return False


def _mention_filter(needles: Iterable[str]) -> Any:
    """Outbox rows that may mention a needle, found by the database (the rows are checked
    again in Python): the text as it is, and the JSON columns as stored (non-ASCII escaped)."""
    outbox = _t(OutgoingMessage)
    forms: set[str] = set()
    for needle in needles:
        for variant in (needle, _escaped(needle)):
            forms.add(variant)
            forms.add(json.dumps(variant)[1:-1])
    # Its digits in order, whatever stands between them (checked again in Python).
    spread = ["%" + "%".join(n) + "%" for n in needles if _is_phone_key(n)]
    clauses: list[Any] = [outbox.c.text.contains(form, autoescape=True) for form in forms]
    clauses.extend(outbox.c.text.like(pattern) for pattern in spread)
    for column in (outbox.c.payload, outbox.c.reply_markup, outbox.c.attachment):
        as_text = sql_cast(column, Text)
        clauses.extend(as_text.contains(form, autoescape=True) for form in forms)
        clauses.extend(as_text.like(pattern) for pattern in spread)
    return or_(*clauses)


async def _mentions(session: AsyncSession, data: Collected) -> None:
    """Messages (sent or waiting) and dialogue states that mention one of the needles."""
    if not data.needles:
        return
    outbox = _t(OutgoingMessage)
    columns = _outbox_columns(outbox)
    sheet = Sheet("subject-sheet-messages", [c.name for c in outbox.columns])
    wanted: list[int] = []
    candidates = select(*columns).where(_mention_filter(data.needles)).order_by(outbox.c.id)
    async for rows in _chunks(session, candidates):
        wanted.extend(row.id for row in rows if _mentions_any(list(row[1:]), data.needles))
    for start in range(0, len(wanted), _BATCH):
        part = wanted[start : start + _BATCH]
        for row in await session.execute(
            select(outbox).where(outbox.c.id.in_(part)).order_by(outbox.c.id)
        ):
            sheet.rows.append([_cell(value) for value in row])
    data.sheets.append(sheet)
    states = Sheet("subject-sheet-states", ["key", "state", "data", "updated_at"])
    for record in await session.scalars(select(FsmRecord).order_by(FsmRecord.key)):
        if _mentions_any(record.data, data.needles):
            states.rows.append(
                [record.key, record.state or "", _cell(record.data), _cell(record.updated_at)]
            )
    data.sheets.append(states)


async def _chunks(session: AsyncSession, statement: Any) -> Any:
    result = await session.stream(statement.execution_options(yield_per=_BATCH))
    async for partition in result.partitions(_BATCH):
        yield partition


# ----- the files


def export_workbook(data: Collected, labels: Labels, exported_at: datetime) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(labels.plain("subject-sheet-summary")[:31])
    summary.append(
        safe_row(summary, [labels.plain("subject-col-what"), labels.plain("subject-col-value")])
    )
    rows: list[list[Any]] = [
        [labels.plain("subject-row-kind"), labels.plain(f"subject-kind-{data.kind}")],
        [labels.plain("subject-row-exported"), exported_at.isoformat()],
    ]
    if data.person_id is not None:
        rows.append([labels.plain("subject-row-person"), data.person_id])
    if data.ticket_numbers:
        rows.append(
            [labels.plain("subject-row-tickets"), ", ".join(str(n) for n in data.ticket_numbers)]
        )
    if data.call_ids:
        rows.append([labels.plain("subject-row-calls"), len(data.call_ids)])
    rows.append([labels.plain("subject-row-files"), len(data.files)])
    for row in rows:
        summary.append(safe_row(summary, row))
    used: set[str] = set()
    for sheet in data.sheets:
        if sheet.title_key.startswith("table:"):
            title = sheet.title_key.removeprefix("table:")
        else:
            title = labels.plain(sheet.title_key)
        title = _unique(re.sub(r"[\[\]:*?/\\]", " ", title)[:31], used)
        out = workbook.create_sheet(title)
        out.append(safe_row(out, sheet.columns))
        for row in sheet.rows:
            out.append(safe_row(out, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unique(title: str, used: set[str]) -> str:
    candidate, n = title or "sheet", 1
    while candidate in used:
        n += 1
        candidate = f"{title[:28]} {n}"
    used.add(candidate)
    return candidate


def export_name(data: Collected, exported_at: datetime) -> str:
    if data.kind == "staff":
        who = f"p{data.person_id}"
    elif data.ticket_numbers:
        who = f"t{data.ticket_numbers[0]}"
    else:
        who = f"c{data.call_ids[0]}" if data.call_ids else "r"
    return f"{EXPORT_PREFIX}{who}_{exported_at:%Y%m%d_%H%M}.zip"


def export_zip(workbook: bytes, files: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.xlsx", workbook)
        for name, content in files:
            archive.writestr(f"files/{name}", content)
    return buffer.getvalue()


def file_name(index: int, held: HeldFile) -> str:
    safe = re.sub(r"[^\w.\-]+", "_", held.name or "").strip("._")
    extension = ".jpg" if held.kind == "photo" else ""
    base = safe or f"{held.kind}{extension}"
    prefix = f"{held.ticket_number}_" if held.ticket_number is not None else ""
    return f"{index:03d}_{prefix}{base}"


# ----- erasure


@dataclass(slots=True)
class Erased:
    changed: bool
    tickets: int = 0
    fields: int = 0
    files: int = 0
    texts: int = 0
    messages: int = 0
    states: int = 0
    # Rows removed or cleared: staff (requests, invitations, uploads); resident (stored
    # exports, the idempotency keys of their tickets).
    records: int = 0
    calls: int = 0
    ticket_numbers: list[int] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        return {
            "tickets": self.tickets,
            "fields": self.fields,
            "files": self.files,
            "texts": self.texts,
            "messages": self.messages,
            "states": self.states,
            "records": self.records,
            "calls": self.calls,
            "changed": self.changed,
        }


def _scrub(value: Any, needles: Sequence[str], replacement: str) -> Any:
    if isinstance(value, str):
        for needle in needles:
            if needle in value:
                value = value.replace(needle, replacement)
            escaped = _escaped(needle)
            if escaped != needle and escaped in value:
                value = value.replace(escaped, replacement)
        phones = {n for n in needles if _is_phone_key(n)}
        if phones:
            value = _PHONE_IN_TEXT.sub(
                lambda m: replacement if _phone_key(m[0]) in phones else m[0], value
            )
        return value
    if isinstance(value, Mapping):
        return {key: _scrub(item, needles, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, needles, replacement) for item in value]
    return value


async def _scrub_mentions(
    session: AsyncSession, data: Collected, replacement: str
) -> tuple[int, int]:
    """Replace the subject's values in messages and dialogue states; (messages, states)."""
    if not data.needles:
        return 0, 0
    # Longest first: a full name goes before a part of it.
    strong = sorted(data.needles, key=len, reverse=True)
    every = sorted(data.needles | data.weak_needles, key=len, reverse=True)
    outbox = _t(OutgoingMessage)
    columns = _outbox_columns(outbox)
    changes: list[dict[str, Any]] = []
    candidates = select(*columns).where(_mention_filter(strong)).order_by(outbox.c.id)
    async for rows in _chunks(session, candidates):
        for row in rows:
            if not _mentions_any(list(row[1:]), strong):
                continue
            text, payload, markup, attachment = (_scrub(v, every, replacement) for v in row[1:])
            changes.append(
                {
                    "b_id": row.id,
                    "b_text": text,
                    "b_payload": payload,
                    "b_markup": markup,
                    # A file of the subject is not sent again.
                    "b_attachment": None if attachment != row.attachment else attachment,
                }
            )
    if changes:
        await session.execute(
            update(outbox)
            .where(outbox.c.id == _bind("b_id"))
            .values(
                text=_bind("b_text"),
                payload=_bind("b_payload", outbox.c.payload.type),
                reply_markup=_bind("b_markup", outbox.c.reply_markup.type),
                attachment=_bind("b_attachment", outbox.c.attachment.type),
            ),
            changes,
        )
    states = 0
    for record in await session.scalars(select(FsmRecord)):
        if _mentions_any(record.data, strong):
            record.data = _scrub(record.data, every, replacement)
            states += 1
    return len(changes), states


def _bind(name: str, type_: Any = None) -> Any:
    return bindparam(name, type_=type_)


async def forget_sent_exports(session: AsyncSession) -> int:
    """Stored copies of subject exports already delivered: Telegram has them, the database
    need not keep a second copy of everything about a person."""
    sent = select(OutgoingMessage.id).where(OutgoingMessage.sent_at.is_not(None))
    result = await session.execute(
        delete(OutgoingFile)
        .where(OutgoingFile.filename.like(f"{EXPORT_PREFIX}%"), OutgoingFile.message_id.in_(sent))
        .returning(OutgoingFile.message_id)
    )
    return len(list(result.scalars()))


async def _forget_exports(session: AsyncSession) -> int:
    """Stored copies of subject exports (they hold what is being erased)."""
    result = await session.execute(
        delete(OutgoingFile)
        .where(OutgoingFile.filename.like(f"{EXPORT_PREFIX}%"))
        .returning(OutgoingFile.message_id)
    )
    gone = list(result.scalars())
    if gone:
        await session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id.in_(gone), OutgoingMessage.sent_at.is_(None))
            .values(failed_at=utcnow(), error="erased")
        )
    return len(gone)


async def erase_resident(
    session: AsyncSession,
    ticket_ids: Sequence[int],
    *,
    now: datetime,
    address_fields: Sequence[str] = (),
    call_ids: Sequence[int] = (),
    actor: str = SYSTEM_ACTOR,
) -> Erased:
    """Anonymise the resident's tickets, delete their calls and remove their values from
    messages and states; a destruction act records what went (none when nothing did)."""
    data = await collect_resident(
        session, ticket_ids, address_fields, call_ids=call_ids, sheets=False
    )
    counts = await anonymise_tickets(session, ticket_ids, now=now)
    messages, states = await _scrub_mentions(session, data, PLACEHOLDER)
    exports = await _forget_exports(session)
    # The key a client chose and the hash of the body it sent (with the resident's values).
    keys = await session.execute(
        delete(ApiIdempotencyKey)
        .where(ApiIdempotencyKey.ticket_id.in_(list(ticket_ids)))
        .returning(ApiIdempotencyKey.id)
    )
    records = exports + len(list(keys.scalars()))
    calls = 0
    if data.call_ids:
        gone = await session.execute(
            delete(PhoneCall).where(PhoneCall.id.in_(data.call_ids)).returning(PhoneCall.id)
        )
        calls = len(list(gone.scalars()))
    erased = Erased(
        changed=counts.changed or bool(messages or states or records or calls),
        tickets=counts.tickets,
        fields=counts.fields,
        files=counts.files,
        texts=counts.texts,
        messages=messages,
        states=states,
        records=records,
        calls=calls,
        ticket_numbers=sorted(counts.numbers),
    )
    if erased.changed:
        numbers = data.ticket_numbers
        values = counts.fields + counts.texts + messages + states
        await write_act(
            session,
            kind=ActKind.ERASURE,
            actor=actor,
            at=now,
            items=[
                ActItem(
                    ActCategory.TICKET_PERSONAL_DATA,
                    # Messages and dialogue states that named them count with the values.
                    max(values, 1) if numbers else values,
                    ticket_numbers=numbers,
                    details={
                        "messages": messages,
                        "states": states,
                        "exports": exports,
                        "idempotency_keys": records - exports,
                    },
                ),
                ActItem(ActCategory.TICKET_FILES, counts.files, ticket_numbers=numbers),
                ActItem(ActCategory.CALLS, calls, details={"call_ids": data.call_ids}),
            ],
        )
    return erased


class StillActiveError(Exception):
    """A staff member with access is not erased: deactivate them first."""


async def erase_staff(
    session: AsyncSession,
    person_id: int,
    *,
    pseudonym: str,
    now: datetime,
    actor: str = SYSTEM_ACTOR,
) -> Erased | None:
    """Pseudonymise a deactivated person; ``None`` when there is no such person.

    Their row keeps its id (tickets, history and reports point at it) with the pseudonym as
    the name; phone, position, username and Telegram id are cleared, so the account can no
    longer reach anything (a new access request starts from nothing). Their access requests
    and the Telegram id in used invitations go, as do finished staff uploads naming them.
    """
    person = await session.get(Person, person_id)
    if person is None:
        return None
    if person.is_active:
        raise StillActiveError(person_id)
    needles = _staff_needles(person)
    before = (
        person.last_name,
        person.first_name,
        person.patronymic,
        person.position,
        person.phone,
        person.telegram_id,
        person.telegram_username,
    )
    telegram_id = person.telegram_id
    person.last_name, person.first_name, person.patronymic = pseudonym, "", None
    person.position = person.phone = person.telegram_username = None
    person.telegram_id = None
    person_changed = before != (pseudonym, "", None, None, None, None, None)
    requests = _t(AccessRequest)
    request_match = requests.c.person_id == person_id
    if telegram_id is not None:
        request_match = or_(request_match, requests.c.telegram_id == telegram_id)
    removed = await session.execute(delete(requests).where(request_match).returning(requests.c.id))
    request_count = len(list(removed.scalars()))
    invitation_count = 0
    if telegram_id is not None:
        cleared = await session.execute(
            update(Invitation)
            .where(Invitation.used_by_telegram_id == telegram_id)
            .values(used_by_telegram_id=None)
            .returning(Invitation.id)
        )
        invitation_count = len(list(cleared.scalars()))
    # A link sent to them and never used must not bring the account back.
    expired = await session.execute(
        update(Invitation)
        .where(
            Invitation.person_id == person_id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(expires_at=now)
        .returning(Invitation.id)
    )
    invitation_count += len(list(expired.scalars()))
    upload_count = await _forget_uploads(session, needles)
    data = Collected("staff", person_id=person_id, needles=needles)
    messages, states = await _scrub_mentions(session, data, pseudonym)
    exports = await _forget_exports(session)
    await session.flush()
    records = int(person_changed) + request_count + invitation_count + upload_count + exports
    erased = Erased(
        changed=bool(records or messages or states),
        messages=messages,
        states=states,
        records=records,
    )
    if erased.changed:
        ids = [person_id]
        await write_act(
            session,
            kind=ActKind.ERASURE,
            actor=actor,
            at=now,
            items=[
                ActItem(
                    ActCategory.PERSON,
                    max(int(person_changed) + invitation_count + messages + states, 1),
                    person_ids=ids,
                    details={"invitations": invitation_count, "messages": messages},
                ),
                ActItem(ActCategory.ACCESS_REQUESTS, request_count, person_ids=ids),
                ActItem(ActCategory.STAFF_UPLOADS, upload_count, person_ids=ids),
            ],
        )
    return erased


async def _forget_uploads(session: AsyncSession, needles: set[str]) -> int:
    """Finished staff uploads whose workbook names the person are deleted."""
    if not needles:
        return 0
    finished = or_(StaffUpload.applied_at.is_not(None), StaffUpload.cancelled_at.is_not(None))
    doomed: list[int] = []
    for upload in await session.scalars(select(StaffUpload).where(finished)):
        if workbook_mentions(upload.content, needles):
            doomed.append(upload.id)
    if doomed:
        await session.execute(delete(StaffUpload).where(StaffUpload.id.in_(doomed)))
    return len(doomed)


def workbook_mentions(content: bytes, needles: set[str]) -> bool:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # not a workbook: nothing to look at
        return False
    words = {w for n in needles for w in n.split() if len(w) >= MIN_NEEDLE}
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells = {str(c).strip() for c in row if c is not None}
                texts = " ".join(cells)
                if any(n in texts for n in needles) or len(words & cells) >= 2:
                    return True
    finally:
        workbook.close()
    return False
