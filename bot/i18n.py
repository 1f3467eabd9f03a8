"""Fluent texts: every user-facing string lives in ``bot/locales/<locale>/*.ftl``."""

from __future__ import annotations

import html
import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import cast

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import FluentInt

from services.messages import MessageArg, Msg

LOCALES_DIR = Path(__file__).parent / "locales"
SUPPORTED_LOCALES = ("ru", "en")
DEFAULT_LOCALE = "ru"
# fluent.runtime renders any placeable longer than 2,500 characters as «{???}» (its
# MAX_PART_LENGTH, a module constant with no bundle setting), so longer string arguments go in
# after formatting, through placeholders. Short ones stay inline: selectors may match on them.
_INLINE_LIMIT = 200
# Arguments that name something (a ticket or request number, a Telegram id, a year) are shown
# as typed: Fluent would group their digits («№ 1 024»). Counts and amounts keep the grouping.
UNGROUPED_ARGS = frozenset({"number", "id", "telegram_id", "year", "port", "row", "index"})


class Markup(str):
    """Text that is already safe HTML and must not be escaped again."""

    __slots__ = ()


class Translator:
    """Renders Fluent messages of one locale; string arguments are HTML-escaped."""

    def __init__(self, locale: str, bundle: FluentBundle, fallback: Translator | None) -> None:
        self.locale = locale
        self._bundle = bundle
        self._fallback = fallback
        # Messages without arguments (labels, buttons) render the same every time.
        self._without_args: dict[str, str] = {}

    def has(self, key: str) -> bool:
        return self._bundle.has_message(key) or (
            self._fallback is not None and self._fallback.has(key)
        )

    def __call__(self, key: str, /, **args: MessageArg | None) -> str:
        """HTML message text: string arguments are escaped."""
        return self._render(key, {name: _escape(value) for name, value in args.items()})

    def plain(self, key: str, /, **args: MessageArg | None) -> str:
        """Text that is not parsed as HTML: button labels, file cells, alerts."""
        return self._render(key, {name: "" if v is None else v for name, v in args.items()})

    def msg(self, message: Msg) -> str:
        return self(message.key, **message.args)

    def plain_msg(self, message: Msg) -> str:
        return self.plain(message.key, **message.args)

    def _render(self, key: str, args: dict[str, MessageArg]) -> str:
        if not args:
            text = self._without_args.get(key)
            if text is None:
                text = self._without_args[key] = self._format(key, {})
            return text
        nonce = secrets.token_hex(4)  # user text cannot forge a placeholder it does not know
        inline: dict[str, MessageArg] = {}
        later: dict[str, str] = {}
        for name, value in args.items():
            if isinstance(value, str) and len(value) > _INLINE_LIMIT:
                placeholder = f"\ue000{nonce}:{len(later)}\ue001"
                later[placeholder] = value
                inline[name] = placeholder
            elif name in UNGROUPED_ARGS and isinstance(value, int) and not isinstance(value, bool):
                # FluentInt is an int (plural selectors still match); stubs call it FluentNumber.
                inline[name] = cast(int, FluentInt(value, useGrouping=False))
            else:
                inline[name] = value
        text = self._format(key, inline)
        for placeholder, value in later.items():
            text = text.replace(placeholder, value)
        return text

    def _format(self, key: str, args: dict[str, MessageArg]) -> str:
        if not self._bundle.has_message(key):
            return self._fallback._format(key, args) if self._fallback is not None else key
        message = self._bundle.get_message(key)
        if message.value is None:
            return key
        text, _errors = self._bundle.format_pattern(message.value, args)
        # A message that fails to render comes back as a FluentNone: show its key, not "None".
        return text if isinstance(text, str) else key


def _escape(value: MessageArg | None) -> MessageArg:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


def _load_bundle(locale: str) -> FluentBundle:
    bundle = FluentBundle([locale], use_isolating=False)
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


@cache
def get_translator(locale: str) -> Translator:
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    fallback = None if locale == DEFAULT_LOCALE else get_translator(DEFAULT_LOCALE)
    return Translator(locale, _load_bundle(locale), fallback)


def all_translators() -> Mapping[str, Translator]:
    return {locale: get_translator(locale) for locale in SUPPORTED_LOCALES}
