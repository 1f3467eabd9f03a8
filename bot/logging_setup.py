"""Structured logs (structlog over stdlib) that carry no personal data and no secrets.

The rule: no names, phones, ticket text or token in any log line at any level. Our own code
logs ids only. Everything else is made safe where each record is *created* (a log-record
factory), so that every handler sees the same clean record:

- an exception is logged as its type, its codes (SQLSTATE, SQLAlchemy's code, constraint
  and table names), the SQL statement without its parameters, and the traceback's frames;
  never its message, which may quote values (asyncpg's ``DETAIL: Key (phone)=(...)``);
- other libraries' lines keep their wording and numbers, but their string and object
  arguments become «…» (SQLAlchemy logs fetched rows, aiosqlite its calls' parameters and
  aiogram-dialog the chat, with the person's name, at DEBUG);
- the token and the webhook secret are replaced wherever they appear.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import structlog
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.exc import StatementError

_REDACTED = "***"
HIDDEN = "…"
# Loggers of this project: they log ids only, so their arguments are kept.
OWN_LOGGERS = ("bot", "services", "handlers", "db", "scheduler", "__main__")
# Libraries whose arguments are our own configuration, never people's data.
_TRUSTED_LOGGERS = ("apscheduler", "alembic")
# Exceptions whose messages speak of the code, not of the data it handled.
_CODE_ERRORS: tuple[type[BaseException], ...] = (
    AttributeError,
    ImportError,
    NameError,
    NotImplementedError,
    TypeError,
)
_SQL_DETAILS = ("sqlstate", "constraint_name", "table_name", "column_name")
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def _from(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)


def describe_exception(exc: BaseException) -> str:
    """The exception's type and codes, without anything that may quote a value."""
    kind = type(exc)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    details: list[str] = []
    for attribute in _SQL_DETAILS:
        value = getattr(exc, attribute, None)
        if isinstance(value, str) and value:
            details.append(f"{attribute}={value}")
    if isinstance(exc, StatementError):
        if exc.code:
            details.append(f"code={exc.code}")
        if exc.statement:
            details.append(f"[SQL: {exc.statement}]")
    elif isinstance(exc, TelegramAPIError):
        # Telegram's own description ("chat not found"), not the text that was sent.
        details.extend(exc.message.strip().splitlines()[:1])
    elif isinstance(exc, _CODE_ERRORS) or _from(kind.__module__, ("sqlite3",)):
        # SQLite names tables and columns in its messages, never the values.
        details.extend(str(exc).strip().splitlines()[:1])
    return f"{name}: {' '.join(details)}" if details else name


def safe_traceback(exc: BaseException) -> str:
    """Like ``traceback.format_exception`` (causes and contexts too), with every exception
    described by :func:`describe_exception` and no local variables."""
    chain, joints = [exc], []
    while True:
        current = chain[-1]
        if current.__cause__ is not None:
            following, joint = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            following, joint = current.__context__, _CONTEXT
        else:
            break
        if any(following is seen for seen in chain):
            break
        chain.append(following)
        joints.append(joint)
    lines: list[str] = []
    # The innermost cause first, as Python prints it; chain[i + 1] led to chain[i].
    for index in range(len(chain) - 1, -1, -1):
        item = chain[index]
        if item.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        lines.append(describe_exception(item) + "\n")
        if index:
            lines.append(joints[index - 1])
    return "".join(lines).rstrip("\n")


def _mask(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, BaseException):
        return f"<{type(value).__name__}>"
    if isinstance(value, type):
        return value.__qualname__
    return HIDDEN


class _Scrubber:
    """The log-record factory: records are made safe as they are created."""

    def __init__(self, base: Callable[..., logging.LogRecord], secrets: list[str]) -> None:
        self.base = base
        self.secrets = [s for s in secrets if s]

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.base(*args, **kwargs)
        scrub_record(record, self.secrets)
        return record


def scrub_record(record: logging.LogRecord, secrets: list[str]) -> None:
    if not isinstance(record.name, str):
        return  # logging.makeLogRecord's empty record, filled from an existing one after
    if record.exc_info:
        exc = record.exc_info[1]
        record.exc_text = safe_traceback(exc) if exc is not None else None
        record.exc_info = None
    if not _from(record.name, OWN_LOGGERS + _TRUSTED_LOGGERS):
        if _from(record.name, ("asyncio",)):
            # asyncio writes the failed task (with its exception's message) into the text.
            record.msg, record.args = _message(record).split("\n", 1)[0], ()
        else:
            record.msg = record.msg if isinstance(record.msg, str) else _mask(record.msg)
            if isinstance(record.args, Mapping):
                record.args = {key: _mask(value) for key, value in record.args.items()}
            elif record.args:
                record.args = tuple(_mask(value) for value in record.args)
    if secrets:
        message = _message(record)
        if any(secret in message for secret in secrets):
            record.msg, record.args = _redact(message, secrets), ()
        if record.exc_text:
            record.exc_text = _redact(record.exc_text, secrets)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit the format
        return str(record.msg)


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, _REDACTED)
    return text


def install_record_scrubber(secrets: list[str]) -> None:
    """Make every log record safe as it is created (once; a second call updates secrets)."""
    current = logging.getLogRecordFactory()
    base = current.base if isinstance(current, _Scrubber) else current
    logging.setLogRecordFactory(_Scrubber(base, secrets))


class _Redactor:
    """Replaces secrets (the token, the webhook secret) wherever they appear in an event."""

    def __init__(self, secrets: list[str]) -> None:
        self._secrets = [s for s in secrets if s]

    def __call__(
        self, _logger: Any, _name: str, event: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        if not self._secrets:
            return event
        return {key: self._scrub(value) for key, value in event.items()}

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            for secret in self._secrets:
                value = value.replace(secret, _REDACTED)
        return value


def _safe_exception(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """The scrubbed traceback of a record from the stdlib (its ``exc_info`` is gone)."""
    record = event.get("_record")
    exc_text = getattr(record, "exc_text", None)
    if exc_text and "exc_info" not in event:
        event["exception"] = exc_text
    return event


def setup_logging(level: str, fmt: str, secrets: list[str]) -> None:
    install_record_scrubber(secrets)
    redact = _Redactor(secrets)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, _safe_exception],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Each handled update is logged at INFO by aiogram; keep that, it carries only ids.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
