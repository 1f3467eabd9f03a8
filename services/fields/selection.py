"""Values chosen with buttons or sent as files rather than typed."""

from __future__ import annotations

from collections.abc import Sequence

from services.fields.definition import FieldDefinition
from services.fields.values import Attachment, AttachmentValue, ParseError, ParseOk, ParseResult
from services.messages import Msg

# Telegram's Bot API lets a bot download files up to 20 MB; a self-hosted server lifts it.
TELEGRAM_FILE_LIMIT = 20 * 1024 * 1024
ATTACHMENTS_LIMIT = 20  # files per field unless the field's max says otherwise


def choice_by_index(field: FieldDefinition, index: int) -> ParseResult:
    """The choice behind button ``index`` (0-based)."""
    if not 0 <= index < len(field.choices):
        return ParseError(Msg("field-error-choice", {"count": len(field.choices)}))
    return ParseOk(field.choices[index])


def toggle_choice(field: FieldDefinition, selected: Sequence[str], index: int) -> list[str]:
    """Selection after pressing toggle button ``index``; kept in the order of the choices."""
    if not 0 <= index < len(field.choices):
        return [label for label in field.choices if label in selected]
    label = field.choices[index]
    chosen = set(selected) ^ {label}
    return [choice for choice in field.choices if choice in chosen]


def finish_multi_choice(field: FieldDefinition, selected: Sequence[str]) -> ParseResult:
    """Value of a multiple choice on "Done"; an empty optional selection means skipped."""
    unknown = [label for label in selected if label not in field.choices]
    if unknown:
        return ParseError(Msg("field-error-multi-choice", {"count": len(field.choices)}))
    if not selected and field.required:
        return ParseError(Msg("field-error-multi-choice-empty"))
    return ParseOk([choice for choice in field.choices if choice in selected])


def add_attachment(
    field: FieldDefinition,
    current: Sequence[AttachmentValue],
    attachment: Attachment,
    *,
    size_limit: int | None = TELEGRAM_FILE_LIMIT,
) -> ParseResult:
    """The list after one more file; a file sent twice is kept once."""
    if size_limit is not None and attachment.size is not None and attachment.size > size_limit:
        return ParseError(
            Msg("field-error-attachment-too-big", {"limit_mb": size_limit // (1024 * 1024)})
        )
    if any(_same_file(Attachment.from_value(item), attachment) for item in current):
        return ParseOk(list(current))
    limit = _max_files(field)
    if len(current) >= limit:
        return ParseError(Msg("field-error-attachments-too-many", {"max": limit}))
    return ParseOk([*current, attachment.to_value()])


def finish_attachments(field: FieldDefinition, current: Sequence[AttachmentValue]) -> ParseResult:
    """Value on "Done"; an empty optional list means skipped."""
    low = field.validation.min
    if not current and field.required:
        return ParseError(Msg("field-error-attachments-empty"))
    if current and isinstance(low, int) and len(current) < low:
        return ParseError(Msg("field-error-attachments-too-few", {"min": low}))
    return ParseOk(list(current))


def _max_files(field: FieldDefinition) -> int:
    high = field.validation.max
    return high if isinstance(high, int) and not isinstance(high, bool) else ATTACHMENTS_LIMIT


def _same_file(a: Attachment, b: Attachment) -> bool:
    if a.file_unique_id and b.file_unique_id:
        return a.file_unique_id == b.file_unique_id
    return a.file_id == b.file_id
