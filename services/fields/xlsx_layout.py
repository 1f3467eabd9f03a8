"""Layout of the field-set file (.xlsx) that managers download, edit and send back.

The headers are data, not UI text: the file is an exchange format read back by the import
whatever the locale of whoever downloaded or edits it, so they are fixed here (the import also
accepts the column ids themselves as headers). Cell explanations come from the locale.
"""

from __future__ import annotations

from services.fields.definition import FieldType

FIELDS_SHEET = "Поля"
TYPES_SHEET = "Типы полей"

# (column id, header); a column id is also the attribute name used in FieldIssue.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "Ключ"),
    ("label", "Название"),
    ("type", "Тип"),
    ("required", "Обязательное"),
    ("order", "Порядок"),
    ("active", "Активно"),
    ("hint", "Подсказка"),
    ("choices", "Варианты (через ;)"),
    ("min", "Минимум"),
    ("max", "Максимум"),
    ("integer_only", "Только целые"),
    ("min_length", "Мин. длина"),
    ("max_length", "Макс. длина"),
    ("pattern", "Шаблон (регулярное выражение)"),
    ("show_if_field", "Показывать, если поле"),
    ("show_if_value", "равно значению"),
    ("personal_data", "ПДн"),
)
HEADERS: dict[str, str] = dict(COLUMNS)
REQUIRED_COLUMNS = ("key", "label", "type")
BOOL_COLUMNS = frozenset({"required", "active", "integer_only", "personal_data"})
INT_COLUMNS = frozenset({"order", "min_length", "max_length"})
BOUND_COLUMNS = frozenset({"min", "max"})

# Explanation of each type on the second sheet, as Fluent ids.
TYPE_HELP: dict[FieldType, str] = {
    FieldType.TEXT: "field-type-help-text",
    FieldType.LONG_TEXT: "field-type-help-long-text",
    FieldType.NUMBER: "field-type-help-number",
    FieldType.PHONE: "field-type-help-phone",
    FieldType.DATE: "field-type-help-date",
    FieldType.DATETIME: "field-type-help-datetime",
    FieldType.CHOICE: "field-type-help-choice",
    FieldType.MULTI_CHOICE: "field-type-help-multi-choice",
    FieldType.YES_NO: "field-type-help-yes-no",
    FieldType.ATTACHMENTS: "field-type-help-attachments",
}
HEADER_SEARCH_ROWS = 10  # a header may sit below a title row or two
MAX_FIELD_ROWS = 500
