"""The import preview as text (chat HTML or plain for the console) and the error workbook."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TypeVar

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.views.callbacks import ImportCb
from services.messages import MessageArg, Msg
from services.staff_import import ExistingPerson, ImportPlan, build_error_workbook
from services.staff_upload import Preview

T = TypeVar("T")
_MARKUP = re.compile(r"</?(?:b|i|u|code)>")  # the tags our texts use, dropped on the console


class PreviewText:
    """Renders with ``i18n(...)`` (HTML, escaped) or ``i18n.plain(...)`` for the console."""

    def __init__(self, i18n: Translator, *, html: bool, max_lines: int | None) -> None:
        self.i18n = i18n
        self.html = html
        self.max_lines = max_lines

    def t(self, key: str, **args: MessageArg | None) -> str:
        if self.html:
            return self.i18n(key, **args)
        return _MARKUP.sub("", self.i18n.plain(key, **args))

    def msg(self, message: Msg) -> str:
        return self.t(message.key, **message.args)

    def render(self, filename: str, plan: ImportPlan) -> str:
        lines = [
            self.t(
                "staff-preview",
                filename=filename,
                create=len(plan.to_create),
                update=len(plan.to_update),
                unchanged=len(plan.unchanged),
                errors=len(plan.errors),
            )
        ]
        if plan.errors:
            lines.append(self.t("staff-preview-errors-title", count=len(plan.errors)))
            for error in self._cut(plan.errors):
                reasons = " ".join(self.msg(reason) for reason in error.reasons)
                lines.append(self.t("import-row-line", row=error.row, reasons=reasons))
            lines.extend(self._more(len(plan.errors)))
        if plan.missing:
            lines.append(self.t("staff-preview-missing-title", count=len(plan.missing)))
            lines.extend(self._person(p) for p in self._cut(plan.missing))
            lines.extend(self._more(len(plan.missing)))
        if plan.inactive_in_file:
            lines.append(self.t("staff-preview-inactive-title", count=len(plan.inactive_in_file)))
            lines.extend(self._person(p) for p in self._cut(plan.inactive_in_file))
            lines.extend(self._more(len(plan.inactive_in_file)))
        if plan.has_changes:
            lines.append(self.t("staff-preview-confirm", errors=len(plan.errors)))
        elif plan.missing:  # only the missing to deactivate: the one button says just that
            lines.append(self.t("staff-preview-confirm-missing-only"))
        else:
            lines.append(self.t("staff-preview-nothing"))
        return "\n".join(lines)

    def _person(self, person: ExistingPerson) -> str:
        name = " ".join(p for p in (person.last_name, person.first_name, person.patronymic) if p)
        return self.t("staff-preview-person", name=name, position=person.position or "")

    def _cut(self, items: tuple[T, ...]) -> tuple[T, ...]:
        return items if self.max_lines is None else items[: self.max_lines]

    def _more(self, total: int) -> list[str]:
        if self.max_lines is None or total <= self.max_lines:
            return []
        return [self.t("staff-preview-more", count=total - self.max_lines)]


def preview_keyboard(
    i18n: Translator, upload_id: int, plan: ImportPlan
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    if plan.has_changes:
        builder.button(
            text=i18n.plain("staff-import-button"),
            callback_data=ImportCb(action="apply", upload_id=upload_id),
        )
    if plan.missing:
        label = "staff-import-deactivate-button" if plan.has_changes else "staff-deactivate-missing"
        builder.button(
            text=i18n.plain(label, count=len(plan.missing)),
            callback_data=ImportCb(action="apply_deact", upload_id=upload_id),
        )
    if not (plan.has_changes or plan.missing):
        return None
    builder.button(
        text=i18n.plain("btn-cancel"), callback_data=ImportCb(action="cancel", upload_id=upload_id)
    )
    builder.adjust(1)
    return builder.as_markup()


def error_workbook(i18n: Translator, data: bytes, preview: Preview) -> bytes | None:
    if preview.plan is None or not preview.plan.errors or preview.read.sheet is None:
        return None
    return build_error_workbook(
        data,
        preview.read,
        i18n.plain_msg,
        i18n.plain("import-error-column"),
        errors=preview.plan.errors,
    )


def error_filename(i18n: Translator, filename: str) -> str:
    return i18n.plain("staff-errors-filename", stem=PurePath(filename).stem or "staff")
