"""Buttons of a ticket-form step that name the step they were shown for.

A step's buttons stay on the same message while the form moves on, so a second tap on
«Лифт» (before the edit reached the phone) would otherwise answer the next question with
whatever sits at the same place there. Each item is ``position * SLOT + value``: the field's
place in the field set and the button's own value (a choice's index, yes = 1).
"""

from __future__ import annotations

from handlers.tickets.draft import DraftContext

SLOT = 10_000  # more choices than this on one field would not fit on a phone anyway


def item_of(position: int, value: int) -> int:
    return position * SLOT + value


def split(item: int) -> tuple[int, int]:
    """(field position, value) of a pressed item."""
    return divmod(item, SLOT)


def position_of(form: DraftContext) -> int:
    """The place of the field being asked in the field set; -1 when none is asked."""
    field = form.field
    if field is None:
        return -1
    keys = [known.key for known in form.field_set.fields]
    return keys.index(field.key) if field.key in keys else -1
