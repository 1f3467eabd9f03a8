"""Tickets and their fields ([tickets])."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from services.fields import FieldSet, FieldSetError, field_set_from_config


class TicketSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # [[tickets.fields]] tables, as in services/fields/default_fields.toml. Empty: the default
    # set. Used when the database has no field set yet; later edits are made in the bot.
    fields: list[dict[str, Any]] = []
    # Keys of the fields that make up the address, in this order (e.g. ["address", "flat"]):
    # search results show them, and a new ticket is checked against open tickets at the same
    # address. Keys the field set does not have are ignored. The default: the same house and
    # flat (a ticket without a flat, e.g. about the stairwell, matches others without one).
    address_fields: list[str] = ["address", "flat"]

    @field_validator("fields")
    @classmethod
    def _fields_form_a_set(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if value:
            try:
                field_set_from_config(value)
            except FieldSetError as error:
                first = error.issues[0]
                where = f"field {first.index + 1 if first.index is not None else '?'}"
                raise ValueError(
                    f"{where} ({first.key}.{first.attribute}): {first.msg.key}"
                ) from None
        return value

    def field_set(self) -> FieldSet | None:
        return field_set_from_config(self.fields) if self.fields else None
