"""A ticket from a resident's message a dispatcher forwarded or pasted: the text becomes the
description, the sender's name and a phone found in it become the resident's name and phone,
each kept only if the field accepts it (the dialogue then asks what is still missing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from services.fields.definition import FieldType
from services.fields.field_set import FieldSet
from services.fields.parsing import parse_value
from services.fields.phone import normalize_phone
from services.fields.values import FieldValue, ParseOk

DESCRIPTION_KEY = "description"
NAME_KEY = "client"
PHONE_KEY = "phone"
# A text this long, or of several lines, is a resident's message rather than a search.
LONG_TEXT = 60

# Digits with the separators people write between them («8 921 555 01 01», «+7(921)555-01-01»).
_PHONE_CANDIDATE = re.compile(r"\+?\d[\d\s().\-]{7,20}\d")


@dataclass(frozen=True, slots=True)
class Incoming:
    """What a message says about a resident's request."""

    text: str
    name: str | None = None
    phone: str | None = None

    def as_dict(self) -> dict[str, str]:
        found = {"text": self.text, "name": self.name, "phone": self.phone}
        return {key: value for key, value in found.items() if value}

    @classmethod
    def from_dict(cls, data: object) -> Incoming | None:
        if not isinstance(data, dict) or not isinstance(data.get("text", ""), str):
            return None
        name, phone = data.get("name"), data.get("phone")
        return cls(
            str(data.get("text", "")),
            name if isinstance(name, str) else None,
            phone if isinstance(phone, str) else None,
        )


def is_long(text: str) -> bool:
    return len(text.strip()) >= LONG_TEXT or "\n" in text.strip()


def find_phone(text: str) -> str | None:
    """The first phone number in ``text``, in the form the phone field stores."""
    for match in _PHONE_CANDIDATE.finditer(text):
        phone = normalize_phone(match.group(0))
        if phone is not None:
            return phone
    return None


def prefill(
    field_set: FieldSet, incoming: Incoming, *, tz: ZoneInfo, today: date
) -> dict[str, FieldValue]:
    """Values for the draft: those of ``incoming`` the form has and accepts as typed."""
    wanted = {DESCRIPTION_KEY: incoming.text, NAME_KEY: incoming.name, PHONE_KEY: incoming.phone}
    values: dict[str, FieldValue] = {}
    for key, raw in wanted.items():
        definition = field_set.get(key)
        if raw is None or definition is None or not definition.active:
            continue
        if definition.type is FieldType.ATTACHMENTS:
            continue
        parsed = parse_value(definition, raw, tz=tz, today=today)
        if isinstance(parsed, ParseOk):
            values[key] = parsed.value
    return values
