"""``python -m bot import-executors FILE [--dry-run] [--deactivate-missing]``.

Prints the preview in the company locale (every error row, not only the first ones) and
applies it unless ``--dry-run``. Exit codes: 0 done, 2 bad file or configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.i18n import Translator, get_translator
from bot.views.staff_notices import report_open_tickets
from bot.views.staff_preview import PreviewText
from db import migrate
from db.engine import (
    DatabaseUnavailableError,
    check_connection,
    create_engine,
    create_session_factory,
)
from services import audit, staff_upload
from services.staff_upload import Limits

EXIT_OK = 0
EXIT_BAD = 2


async def import_executors(
    settings: Settings,
    path: Path,
    *,
    dry_run: bool,
    deactivate_missing: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    i18n = get_translator(settings.company.locale)
    limits = Limits(
        max_bytes=settings.staff.max_file_bytes(official_api=False),
        max_rows=settings.staff.max_rows,
    )
    data = _read(i18n, path, limits, err)
    if isinstance(data, int):
        return data
    engine = create_engine(settings.database.url)
    try:
        await check_connection(engine, settings.database.connect_timeout)
        await migrate.upgrade(engine)
        async with create_session_factory(engine)() as session:
            preview = await staff_upload.preview(session, data, path.name, limits)
            if preview.plan is None:
                assert preview.read.file_error is not None
                print(i18n.plain_msg(preview.read.file_error), file=err)
                return EXIT_BAD
            print(
                PreviewText(i18n, html=False, max_lines=None).render(path.name, preview.plan),
                file=out,
            )
            if dry_run:
                print(i18n.plain("staff-cli-dry-run"), file=out)
                return EXIT_OK
            applied = await staff_upload.apply_plan(
                session, preview.plan, deactivate_missing=deactivate_missing, actor=audit.SYSTEM
            )
            await report_open_tickets(session, i18n, applied.deactivated, settings.access.admins)
            await session.commit()
            done = i18n.plain(
                "staff-import-done",
                created=applied.created,
                updated=applied.updated,
                deactivated=len(applied.deactivated),
            )
            print(done, file=out)
            return EXIT_OK
    except DatabaseUnavailableError as exc:
        print(i18n.plain("cli-db-unavailable", url="[database] url", problem=str(exc)), file=err)
        return EXIT_BAD
    finally:
        await engine.dispose()


def _read(i18n: Translator, path: Path, limits: Limits, err: TextIO) -> bytes | int:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:  # before reading it into memory
            mb = limits.max_bytes / (1024 * 1024)
            limit_mb = int(mb) if mb.is_integer() else round(mb, 1)
            print(i18n.plain("import-error-too-big", limit_mb=limit_mb), file=err)
            return EXIT_BAD
        return path.read_bytes()
    except OSError as exc:
        print(i18n.plain("staff-cli-no-file", path=str(path), problem=exc.strerror or ""), file=err)
        return EXIT_BAD
