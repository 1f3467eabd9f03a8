"""Plain data passed between the reader, the planner and the bot.

Nothing here knows about Telegram or the database: the bot turns its ORM rows into
``ExistingPerson`` and applies an ``ImportPlan`` in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.messages import Msg

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "phone",
    "telegram_username",
)


@dataclass(frozen=True, slots=True)
class StaffRow:
    """A valid data row of the upload, values cleaned (spaces collapsed, phone normalized)."""

    row: int  # row number as Excel shows it
    last_name: str
    first_name: str
    patronymic: str | None
    position: str
    phone: str | None = None  # "+79215550101"; None when the file has no value
    telegram_username: str | None = None  # without "@"; None when the file has no value

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that will be skipped, with every reason found in it."""

    row: int
    reasons: tuple[Msg, ...]
    # Normalized name+position when the row has them, so that a person whose row has
    # only a bad phone is not offered for deactivation as "missing from the file".
    key: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """0-based column indexes of the recognised columns in the header row."""

    last_name: int | None = None
    first_name: int | None = None
    patronymic: int | None = None
    position: int | None = None
    full_name: int | None = None  # one full-name column, used when the name is not split
    phone: int | None = None
    telegram_username: int | None = None


@dataclass(frozen=True, slots=True)
class SheetLocation:
    sheet_name: str
    header_row: int  # Excel row number of the header
    columns: ColumnMap


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Outcome of reading an upload: either ``file_error`` or rows and row errors."""

    rows: tuple[StaffRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    file_error: Msg | None = None
    sheet: SheetLocation | None = None

    @property
    def ok(self) -> bool:
        return self.file_error is None


@dataclass(frozen=True, slots=True)
class ExistingPerson:
    """A staff record as the database holds it, as much as the import needs."""

    id: int
    last_name: str
    first_name: str
    patronymic: str | None
    position: str | None  # records made from access requests may have none yet
    phone: str | None = None
    telegram_username: str | None = None
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # one of PERSON_FIELDS, the attribute name on the Person model
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class PlannedUpdate:
    person: ExistingPerson
    row: StaffRow
    changes: tuple[FieldChange, ...]

    def values(self) -> dict[str, str | None]:
        """Attribute -> new value, ready for an ``UPDATE``."""
        return {change.field: change.new for change in self.changes}


@dataclass(frozen=True, slots=True)
class Match:
    person: ExistingPerson
    row: StaffRow


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What confirming the import would do; nothing is written until the bot applies it."""

    to_create: tuple[StaffRow, ...] = ()
    to_update: tuple[PlannedUpdate, ...] = ()
    unchanged: tuple[Match, ...] = ()
    errors: tuple[RowError, ...] = ()
    # Active people absent from the file: offered for deactivation, never deleted.
    missing: tuple[ExistingPerson, ...] = ()
    # Deactivated people present in the file: updated like others, offered for reactivation.
    inactive_in_file: tuple[ExistingPerson, ...] = field(default=())

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)
