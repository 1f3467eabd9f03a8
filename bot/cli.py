"""Command line: ``python -m bot [run|migrate|import-executors FILE] [--config PATH]``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tomllib
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config import DEFAULT_CONFIG_PATH, Settings, load_settings
from bot.i18n import DEFAULT_LOCALE, get_translator
from bot.logging_setup import setup_logging
from bot.web.workers import WORKER_COMMAND

EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    i18n = get_translator(DEFAULT_LOCALE)
    config_path = Path(
        getattr(args, "config", None) or os.environ.get("HELPDESK_CONFIG") or DEFAULT_CONFIG_PATH
    )
    try:
        settings = load_settings(config_path)
    except tomllib.TOMLDecodeError as exc:
        return _fail(i18n.plain("cli-bad-toml", path=str(config_path), problem=str(exc)))
    except ValidationError as exc:
        key, problem = describe_validation_error(exc)
        return _fail(i18n.plain("cli-bad-config", key=key, problem=problem, env=_env_name(key)))
    i18n = get_translator(settings.company.locale)
    if args.command in ("run", WORKER_COMMAND, None):
        if settings.telegram.token is None:
            return _fail(i18n.plain("cli-no-token"))
        for key in settings.telegram.missing_for_mode():
            return _fail(i18n.plain("cli-needed-for-webhook", key=key, env=_env_name(key)))
        if settings.api.workers > 1 and settings.database.url.startswith("sqlite"):
            return _fail(i18n.plain("cli-workers-need-postgres", workers=settings.api.workers))
    _setup_logging(settings)
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    if args.command == "import-executors":
        from bot.staff_cli import import_executors

        return asyncio.run(
            import_executors(
                settings,
                Path(args.file),
                dry_run=args.dry_run,
                deactivate_missing=args.deactivate_missing,
            )
        )
    if args.command == WORKER_COMMAND:
        return run_event_loop(_serve_worker(settings))
    return run_event_loop(_serve(settings, config_path))


def run_event_loop(main: Coroutine[Any, Any, int]) -> int:
    """The service runs on uvloop where it is installed (a dependency on Linux and macOS): a
    good part of each update is the event loop's own I/O work, about a tenth of its CPU less."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def describe_validation_error(exc: ValidationError) -> tuple[str, str]:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "config"
    problem = first["msg"].removeprefix("Value error, ")
    return key, problem


def _env_name(key: str) -> str:
    return "__".join(key.split(".")).upper()


def _setup_logging(settings: Settings) -> None:
    token = settings.telegram.token.get_secret_value() if settings.telegram.token else ""
    secret = settings.telegram.webhook.secret
    secrets = [token, secret.get_secret_value() if secret else ""]
    setup_logging(settings.logging.level, settings.logging.format, secrets)


async def _serve(settings: Settings, config_path: Path) -> int:
    from bot.runner import StartupError, serve

    try:
        await serve(settings, config_path)
    except StartupError as exc:
        return _fail(str(exc))
    return 0


async def _serve_worker(settings: Settings) -> int:
    from bot.web.workers import serve_worker

    await serve_worker(settings)
    return 0


async def _migrate(settings: Settings) -> int:
    from db import migrate
    from db.engine import DatabaseUnavailableError, check_connection, create_engine, safe_url

    engine = create_engine(settings.database.url)
    try:
        await check_connection(engine, settings.database.connect_timeout)
        await migrate.upgrade(engine)
    except DatabaseUnavailableError as exc:
        return _fail(
            get_translator(settings.company.locale).plain(
                "cli-db-unavailable", url=safe_url(settings.database.url), problem=str(exc)
            )
        )
    finally:
        await engine.dispose()
    return 0


def _fail(line: str) -> int:
    print(line, file=sys.stderr)
    return EXIT_CONFIG


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        help="path to config.toml (default: $HELPDESK_CONFIG or ./config.toml)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Helpdesk Telegram bot", parents=[common]
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", parents=[common], help="start the bot and scheduler (default)")
    commands.add_parser("migrate", parents=[common], help="apply database migrations and exit")
    # Started by ``run`` itself when [api] workers > 1 (bot/web/workers.py); no help line.
    commands.add_parser(WORKER_COMMAND, parents=[common])
    staff_import = commands.add_parser(
        "import-executors",
        parents=[common],
        help="import the executor list from .xlsx (prints the preview; exit 2 on a bad file)",
    )
    staff_import.add_argument("file", help="the .xlsx export of the staff database")
    staff_import.add_argument(
        "--dry-run", action="store_true", help="only print the preview, change nothing"
    )
    staff_import.add_argument(
        "--deactivate-missing",
        action="store_true",
        help="also deactivate active people who are not in the file",
    )
    return parser
