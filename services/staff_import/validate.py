"""Turn one data row into a ``StaffRow`` or the list of reasons it cannot be imported."""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.messages import Msg
from services.staff_import.models import ColumnMap, RowError, StaffRow
from services.staff_import.normalize import clean_text, person_key, tidy_dashes

NAME_MAX_LENGTH = 64
POSITION_MAX_LENGTH = 128
_NAME_PUNCTUATION = frozenset(" -'\u2019.")
_PHONE_CHARS = re.compile(r"[\d\s+\-().]+")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
_USERNAME_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:t\.me/|telegram\.me/)|^@", re.I)
_LOCAL_FIRST_DIGITS = "3489"  # Russian 10-digit numbers without the country code


def parse_row(values: Sequence[object], row: int, columns: ColumnMap) -> StaffRow | RowError | None:
    """None for a blank row (a pre-numbered empty line counts as blank)."""
    cell = _Cells(values)
    raw_phone = cell.text(columns.phone)
    raw_username = cell.text(columns.telegram_username)
    if columns.full_name is not None and columns.last_name is None:
        names = _split_full_name(cell.text(columns.full_name))
    else:
        names = (
            cell.text(columns.last_name),
            cell.text(columns.first_name),
            cell.text(columns.patronymic),
        )
    position = cell.text(columns.position)
    if not any((*names, position, raw_phone, raw_username)):
        return None

    reasons: list[Msg] = []
    last_name = _name(names[0], "last_name", reasons, required=True)
    first_name = _name(names[1], "first_name", reasons, required=True)
    patronymic = _name(names[2], "patronymic", reasons, required=False)
    if position is None:
        reasons.append(Msg("import-row-missing", {"field": "position"}))
    elif len(position) > POSITION_MAX_LENGTH:
        reasons.append(
            Msg("import-row-too-long", {"field": "position", "max": POSITION_MAX_LENGTH})
        )
    phone = parse_phone(raw_phone) if raw_phone else None
    if raw_phone and phone is None:
        reasons.append(Msg("import-row-bad-phone"))
    username = parse_username(raw_username) if raw_username else None
    if raw_username and username is None:
        reasons.append(Msg("import-row-bad-telegram"))

    key = None
    if last_name and first_name and position:
        key = person_key(last_name, first_name, patronymic, position)
    if reasons or not (last_name and first_name and position):
        return RowError(row, tuple(reasons), key)
    return StaffRow(row, last_name, first_name, patronymic, position, phone, username)


def parse_phone(text: str) -> str | None:
    """ "8 (921) 555-01-01", 79215550101.0 -> "+79215550101"; None when not a phone number."""
    if not _PHONE_CHARS.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    international = text.lstrip().startswith("+")
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not international)):
        return "+7" + digits[1:]
    if len(digits) == 10 and not international and digits[0] in _LOCAL_FIRST_DIGITS:
        return "+7" + digits
    if international and 8 <= len(digits) <= 15 and not digits.startswith("7"):
        return "+" + digits
    return None


def parse_username(text: str) -> str | None:
    """ "@Ivanov_I", "https://t.me/Ivanov_I" -> "Ivanov_I"; None when not a username."""
    candidate = _USERNAME_PREFIX.sub("", text.strip()).rstrip("/")
    return candidate if _USERNAME.fullmatch(candidate) else None


class _Cells:
    def __init__(self, values: Sequence[object]) -> None:
        self._values = values

    def text(self, index: int | None) -> str | None:
        if index is None or index >= len(self._values):
            return None
        return clean_text(self._values[index])


def _split_full_name(text: str | None) -> tuple[str | None, str | None, str | None]:
    if text is None:
        return None, None, None
    parts = text.split(" ")
    # Patronymics of several words (Turkic "... ogly") stay together.
    patronymic = " ".join(parts[2:]) or None
    return parts[0], (parts[1] if len(parts) > 1 else None), patronymic


def _name(value: str | None, field: str, reasons: list[Msg], *, required: bool) -> str | None:
    if value is None:
        if required:
            reasons.append(Msg("import-row-missing", {"field": field}))
        return None
    value = tidy_dashes(value)
    if any(ch.isdigit() for ch in value):
        reasons.append(Msg("import-row-digits", {"field": field}))
    elif not all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in value):
        reasons.append(Msg("import-row-bad-characters", {"field": field}))
    elif not any(ch.isalpha() for ch in value):
        reasons.append(Msg("import-row-missing", {"field": field}))
    if len(value) > NAME_MAX_LENGTH:
        reasons.append(Msg("import-row-too-long", {"field": field, "max": NAME_MAX_LENGTH}))
    return value
