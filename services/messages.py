"""Translatable messages produced by Telegram-free code.

Services never hold user-facing wording: they return a message id of the Fluent
files in ``bot/locales`` plus its arguments, and the bot renders it in the
person's locale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MessageArg = str | int | float


@dataclass(frozen=True, slots=True)
class Msg:
    """A Fluent message id with its arguments, e.g. ``Msg("import-error-no-header")``."""

    key: str
    args: dict[str, MessageArg] = field(default_factory=dict)
