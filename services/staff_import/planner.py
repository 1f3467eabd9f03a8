"""``plan_import``: compare the file with the staff records and say what confirming would do.

Matching rule (the upsert key):

* A row matches a record with the same normalized full name and position: case-insensitive,
  the Cyrillic "yo" equal to "ye", spaces collapsed, dash styles equal. The record then takes
  the file's exact spelling, and the phone and Telegram username when the file has them;
  an empty cell never erases what the record already holds.
* A missing patronymic on either side still matches a single record with the same surname,
  first name and position (an export without patronymics must not duplicate everyone); the
  file then adds the patronymic but never removes one.
* Namesakes: the same full name with a different position is a different person. The same
  full name and position twice in one file is refused by the reader: the second row is an
  error row ("duplicate of row N"), since the file cannot tell which record it means. If the
  staff list already holds two records with one key, an active one is preferred; if that
  still leaves several, the row is an error ("ambiguous"), and nothing is changed.
* A position change therefore looks like a new person plus a missing one: the preview offers
  to create the new record and to deactivate the old one.
* Records are never deleted. Active records that no row (valid or erroneous) names are listed
  in ``missing`` for the admin to deactivate; deactivated records named by a row are updated
  like others and listed in ``inactive_in_file`` so that the admin may reactivate them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from services.messages import Msg
from services.staff_import.models import (
    ExistingPerson,
    FieldChange,
    ImportPlan,
    Match,
    PlannedUpdate,
    RowError,
    StaffRow,
)
from services.staff_import.normalize import fold, name_position_key, person_key
from services.staff_import.validate import parse_phone


def plan_import(
    rows: Sequence[StaffRow],
    existing: Sequence[ExistingPerson],
    *,
    errors: Sequence[RowError] = (),
) -> ImportPlan:
    """Pass the reader's ``errors`` too: their people are present, so not "missing"."""
    by_key: dict[str, list[ExistingPerson]] = defaultdict(list)
    by_short: dict[str, list[ExistingPerson]] = defaultdict(list)
    for person in existing:
        by_key[_person_key(person)].append(person)
        by_short[name_position_key(person.last_name, person.first_name, person.position)].append(
            person
        )
    claimed: set[int] = set()
    matched: dict[int, ExistingPerson] = {}
    plan_errors = list(errors)
    ambiguous_rows: set[int] = set()

    for index, row in enumerate(rows):  # exact keys first, so fallbacks cannot steal them
        candidates = by_key.get(_row_key(row), [])
        chosen = _choose([p for p in candidates if p.id not in claimed])
        if isinstance(chosen, ExistingPerson):
            matched[index] = chosen
            claimed.add(chosen.id)
        elif chosen:
            plan_errors.append(RowError(row.row, (_ambiguous(chosen),), _row_key(row)))
            ambiguous_rows.add(row.row)
            claimed.update(p.id for p in chosen)
    for index, row in enumerate(rows):
        if index in matched or row.row in ambiguous_rows:
            continue
        short = by_short.get(name_position_key(row.last_name, row.first_name, row.position), [])
        fallback = [
            p
            for p in short
            if p.id not in claimed and (row.patronymic is None or p.patronymic is None)
        ]
        chosen = _choose(fallback)
        if isinstance(chosen, ExistingPerson):
            matched[index] = chosen
            claimed.add(chosen.id)

    to_create: list[StaffRow] = []
    to_update: list[PlannedUpdate] = []
    unchanged: list[Match] = []
    for index, row in enumerate(rows):
        if row.row in ambiguous_rows:
            continue
        found = matched.get(index)
        if found is None:
            to_create.append(row)
            continue
        changes = diff(found, row)
        if changes:
            to_update.append(PlannedUpdate(found, row, changes))
        else:
            unchanged.append(Match(found, row))

    named = _named_keys(plan_errors)
    missing = tuple(
        p for p in existing if p.is_active and p.id not in claimed and not _is_named(p, named)
    )
    inactive = tuple(p for p in existing if not p.is_active and p.id in claimed)
    return ImportPlan(
        to_create=tuple(to_create),
        to_update=tuple(to_update),
        unchanged=tuple(unchanged),
        errors=tuple(sorted(plan_errors, key=lambda e: e.row)),
        missing=missing,
        inactive_in_file=inactive,
    )


def diff(person: ExistingPerson, row: StaffRow) -> tuple[FieldChange, ...]:
    """Attributes the row would change; empty cells and equal values change nothing."""
    changes = [
        FieldChange(name, old, new)
        for name, old, new in (
            ("last_name", person.last_name, row.last_name),
            ("first_name", person.first_name, row.first_name),
            ("patronymic", person.patronymic, row.patronymic),
            ("position", person.position, row.position),
        )
        if new is not None and new != old
    ]
    if row.phone is not None and row.phone != _stored_phone(person.phone):
        changes.append(FieldChange("phone", person.phone, row.phone))
    new_username = row.telegram_username
    if new_username is not None and fold(new_username) != fold(person.telegram_username):
        changes.append(FieldChange("telegram_username", person.telegram_username, new_username))
    return tuple(changes)


def _choose(candidates: list[ExistingPerson]) -> ExistingPerson | list[ExistingPerson] | None:
    """One person, or the list of equally good candidates, or None."""
    if not candidates:
        return None
    pool = [p for p in candidates if p.is_active] or candidates
    return pool[0] if len(pool) == 1 else pool


def _ambiguous(candidates: list[ExistingPerson]) -> Msg:
    return Msg("import-row-ambiguous", {"count": len(candidates)})


def _stored_phone(phone: str | None) -> str | None:
    # Records typed by hand may hold "8 921 ..." - the same number is not a change.
    return (parse_phone(phone) or phone) if phone else None


def _person_key(person: ExistingPerson) -> str:
    return person_key(person.last_name, person.first_name, person.patronymic, person.position)


def _row_key(row: StaffRow) -> str:
    return person_key(row.last_name, row.first_name, row.patronymic, row.position)


def _named_keys(errors: Sequence[RowError]) -> tuple[set[str], set[str]]:
    full = {e.key for e in errors if e.key}
    short: set[str] = set()
    for key in full:
        last, first, _patronymic, position = key.split("|")
        short.add(f"{last}|{first}|{position}")
    return full, short


def _is_named(person: ExistingPerson, named: tuple[set[str], set[str]]) -> bool:
    full, short = named
    if _person_key(person) in full:
        return True
    return name_position_key(person.last_name, person.first_name, person.position) in short
