"""A stored value as the person reads it on the summary and ticket cards."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from services.fields.dates import format_date, format_datetime
from services.fields.definition import FieldDefinition, FieldType
from services.fields.values import FieldValue, is_empty
from services.messages import Msg

# Renders a message in the reader's locale, e.g. ``Translator.plain_msg`` of bot/i18n.py.
Translate = Callable[[Msg], str]

ELLIPSIS = "…"


def display_value(
    field: FieldDefinition,
    value: FieldValue | None,
    translate: Translate,
    *,
    tz: ZoneInfo | None = None,
    max_length: int | None = None,
) -> str:
    """Plain text (not HTML-escaped) for ``value``.

    Words (yes/no, "no value", file counts) and number formatting come from the locale via
    ``translate``; what the person typed is shown as typed. Dates read dd.mm.yyyy and
    datetimes dd.mm.yyyy HH:MM in ``tz``. ``max_length`` shortens long texts for a summary.
    """
    if is_empty(value):
        return translate(Msg("field-display-empty"))
    text = _render(field, value, translate, tz)
    if max_length is not None and len(text) > max_length:
        return text[: max_length - 1].rstrip() + ELLIPSIS
    return text


def _render(
    field: FieldDefinition, value: FieldValue | None, translate: Translate, tz: ZoneInfo | None
) -> str:
    try:
        match field.type:
            case FieldType.NUMBER if isinstance(value, int | float):
                return translate(Msg("field-display-number", {"value": value}))
            case FieldType.DATE if isinstance(value, str):
                return format_date(value)
            case FieldType.DATETIME if isinstance(value, str):
                return format_datetime(value, tz)
            case FieldType.YES_NO if isinstance(value, bool):
                return translate(Msg("field-display-yes" if value else "field-display-no"))
            case FieldType.MULTI_CHOICE if isinstance(value, list):
                return ", ".join(str(label) for label in value)
            case FieldType.ATTACHMENTS if isinstance(value, list):
                return translate(Msg("field-display-attachments", {"count": len(value)}))
    except ValueError:
        pass  # a value stored by an older definition: show it as it is
    return str(value)
