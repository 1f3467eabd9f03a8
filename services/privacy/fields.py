"""Which ticket fields hold personal data: the ``personal_data`` flag of a field definition."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Keys of the default field set that hold the resident's personal data; phone-type fields
# hold it too. Migration 0011 flagged these in stored sets, and a field-set file without the
# «ПДн» column (from before the flag) gets the same flags.
DEFAULT_PERSONAL_KEYS = frozenset({"client", "phone", "address", "flat"})
PHONE_TYPE = "phone"


def personal_by_default(key: object, field_type: object) -> bool:
    """Whether a field with no flag of its own is taken as holding personal data."""
    return key in DEFAULT_PERSONAL_KEYS or field_type == PHONE_TYPE


def personal_data_keys(definition: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The keys of the fields flagged as personal data in a stored field-set definition."""
    return frozenset(
        str(field["key"]) for field in definition if field.get("personal_data") and "key" in field
    )


def group_hidden_keys(
    definition: Iterable[Mapping[str, Any]], shown: Iterable[str] = ()
) -> frozenset[str]:
    """Fields a minimised group notice leaves out: those flagged as personal data and every
    phone-type field, except ``shown`` (the address fields: where to go is the point)."""
    fields = list(definition)
    phones = {str(f["key"]) for f in fields if f.get("type") == PHONE_TYPE and "key" in f}
    return (personal_data_keys(fields) | phones) - set(shown)
