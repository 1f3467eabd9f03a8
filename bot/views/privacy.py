"""The privacy notice as people see it (152-ФЗ): its text and the «✅ Принимаю» button."""

from __future__ import annotations

import html

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.config import Settings
from bot.i18n import Translator
from services.privacy.notice import version_tag


class NoticeCb(CallbackData, prefix="pn"):
    v: str  # version_tag of the notice the button was shown with


def notice_body(i18n: Translator, settings: Settings) -> str:
    """The configured text (plain, escaped here), or the built-in one."""
    custom = settings.privacy.notice_text.strip()
    if custom:
        return html.escape(custom, quote=False)
    return i18n("privacy-notice-default", company=settings.company.name)


def notice_for_staff(i18n: Translator, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    """The notice a staff member accepts before using the bot."""
    text = "\n\n".join(
        [
            i18n("privacy-notice-title", version=settings.privacy.notice_version),
            notice_body(i18n, settings),
            i18n("privacy-notice-accept-prompt"),
        ]
    )
    button = InlineKeyboardButton(
        text=i18n.plain("privacy-btn-accept"),
        callback_data=NoticeCb(v=version_tag(settings.privacy.notice_version)).pack(),
    )
    return text, InlineKeyboardMarkup(inline_keyboard=[[button]])


def notice_for_stranger(i18n: Translator, settings: Settings) -> str:
    """The notice under the start screen of someone without access (no button)."""
    return "\n\n".join(
        [
            i18n("privacy-notice-title", version=settings.privacy.notice_version),
            notice_body(i18n, settings),
        ]
    )
