"""No names, phones, ticket text or token in any log line at any level: a whole conversation
(a staff import, a ticket with a client's name and phone, take, report, a failing database
statement carrying the name) logged at DEBUG by every library; and the CLI's database URL."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.logging_setup import setup_logging
from db import migrate
from db.engine import create_engine, create_session_factory
from db.models import Person, Role, Ticket
from services.tickets import comments
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import DefaultForm, fill_default_form
from tests.harness import TEST_TOKEN, BotHarness, make_settings
from tests.staff.conftest import xlsx
from tests.work.helpers import add_person

CLIENT_LAST, CLIENT_FIRST = "Секретова", "Ульяна"
CLIENT = f"{CLIENT_LAST} {CLIENT_FIRST}"
PHONE = "+7 921 000-77-66"
STAFF = [
    ["№ пп", "Фамилия", "Имя", "Отчество", "Должность", "Телефон"],
    [1, "Тайнова", "Прасковья", "Игнатьевна", "Инженер", "+7 921 000-55-44"],
    [2, "Скрытнов", "Евлампий", "Фролович", "Электрик", None],
]
EXECUTOR_LAST, EXECUTOR_FIRST = "Засекреченный", "Аристарх"
SUBJECT = "Течь в серверной у клиента"
DESCRIPTION = "Капает на стойку номер семь"
REPORT = "Заменил прокладку, проверил стойку"
COMMENT = "Комментарий с тайной подробностью"
FORBIDDEN = [
    CLIENT_LAST,
    CLIENT_FIRST,
    "Тайнова",
    "Прасковья",
    "Скрытнов",
    "Евлампий",
    EXECUTOR_LAST,
    EXECUTOR_FIRST,
    "Агафья",  # the admin's Telegram name
    SUBJECT,
    DESCRIPTION,
    REPORT,
    COMMENT,
    PHONE,
    "79210007766",
    "9210007766",
    "000-77-66",
    "000-55-44",
    "9210005544",
    TEST_TOKEN,
    TEST_TOKEN.split(":", 1)[1],
]
LOUD_LOGGERS = ("", "aiogram", "aiogram_dialog", "sqlalchemy", "aiosqlite", "asyncpg", "asyncio")


@pytest.fixture
def service_log() -> io.StringIO:
    """What the service's own log handler writes (to stderr in production)."""
    return io.StringIO()


@pytest.fixture
async def loud_bot(
    fake_api: FakeBotAPI,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
    service_log: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[BotHarness]:
    """The bot with logging set up as ``python -m bot run`` does it, at DEBUG, with every
    record also captured by ``caplog``."""
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stderr", service_log)
        setup_logging("DEBUG", "console", [TEST_TOKEN])
    logging.getLogger().addHandler(caplog.handler)  # setup_logging replaced the handlers
    for name in LOUD_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=database_url,
        admins=[ADMIN_ID],
        workflow={"assignment": {"mode": "pool"}},
    )
    harness = BotHarness(settings)
    await harness.start()
    yield harness
    await harness.stop()


def _leaks(text: str) -> list[str]:
    return [secret for secret in FORBIDDEN if secret in text]


def _record_text(caplog: pytest.LogCaptureFixture, record: logging.LogRecord) -> str:
    parts = [caplog.handler.format(record), record.exc_text or ""]
    parts += [str(value) for value in record.__dict__.values() if isinstance(value, str)]
    return "\n".join(parts)


async def _import_staff(admin: FakeUser) -> None:
    await admin.send("/start")
    menu = await admin.expect("Ваши роли")
    await admin.press("📤 Загрузить исполнителей", menu)
    await admin.expect("Отправьте сюда выгрузку")
    await admin.upload("staff.xlsx", xlsx(STAFF))
    preview = await admin.expect("Проверка файла")
    await admin.press("✅ Импортировать", preview)
    await admin.expect("Импорт выполнен. Добавлено: 2")


async def _create_ticket(admin: FakeUser) -> None:
    form = DefaultForm(client=CLIENT, phone=PHONE, description=f"{SUBJECT}. {DESCRIPTION}")
    summary = await fill_default_form(admin, form)
    assert CLIENT in summary.text
    assert PHONE in summary.text
    await admin.press("✅ Создать")
    await admin.expect("создана")


async def test_a_whole_conversation_logs_no_personal_data(
    fake_api: FakeBotAPI,
    loud_bot: BotHarness,
    caplog: pytest.LogCaptureFixture,
    service_log: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = loud_bot
    await add_person(bot, ADMIN_ID, "Админова", [Role.ADMIN, Role.OPERATOR])
    await add_person(bot, 301, EXECUTOR_LAST, [Role.EXECUTOR])
    admin = FakeUser(fake_api, ADMIN_ID, "Агафья", "Админова")
    executor = FakeUser(fake_api, 301, EXECUTOR_FIRST, EXECUTOR_LAST)

    await _import_staff(admin)
    await _create_ticket(admin)
    offer = await executor.expect("Новая заявка — возьмите её")
    assert CLIENT in offer.text
    taken = await executor.press("✋ Взять", offer)
    assert "ваша" in taken.get("text", "")
    card = await executor.expect("Этап: <b>В работе</b>")
    await executor.press("✅ Завершить", card)
    await executor.expect("Отчёт по заявке № 1")
    await executor.send(REPORT)
    await executor.press("✅ Готово", await executor.expect("Добавлено в отчёт"))
    report = await admin.expect("Отчёт исполнителя")
    assert REPORT in report.text

    # A database error whose statement carries the client's name and phone.
    failures: list[IntegrityError] = []

    async def failing_comment(session: AsyncSession, *_: Any) -> None:
        values = {"last_name": None, "first_name": CLIENT_FIRST, "patronymic": CLIENT_LAST}
        try:
            await session.execute(insert(Person).values(phone=PHONE, **values))
        except IntegrityError as exc:
            failures.append(exc)
            raise

    monkeypatch.setattr(comments, "add_comment", failing_comment)
    await executor.press("💬 Комментарий", executor.message_with_button("💬 Комментарий"))
    await executor.expect("Напишите комментарий")
    await executor.send(COMMENT)
    failed = await executor.expect("Не получилось выполнить действие")
    code = re.search(r"код ([0-9A-F]{6})", failed.text)
    assert code is not None
    [failure] = failures
    assert CLIENT_FIRST in repr(failure.params)  # the error did carry the name

    async with bot.session_factory() as session:
        ticket = await session.get(Ticket, 1)
        names = set(await session.scalars(select(Person.last_name)))
    assert ticket is not None
    assert ticket.values["client"] == CLIENT
    assert {"Тайнова", "Скрытнов", EXECUTOR_LAST} <= names

    records = caplog.records
    assert len(records) > 100  # DEBUG from every library really was on
    logged = [r for r in records if getattr(r, "error_code", None) == code.group(1)]
    assert logged
    assert "IntegrityError" in (logged[0].exc_text or "")
    assert "INSERT INTO people" in (logged[0].exc_text or "")
    leaks = {
        f"{record.name}: {secret}"
        for record in records
        for secret in _leaks(_record_text(caplog, record))
    }
    assert not leaks, sorted(leaks)[:20]
    # What the service itself wrote (structlog, to stderr in production) is clean too.
    err = service_log.getvalue()
    assert "IntegrityError" in err
    assert _leaks(err) == []


async def test_engines_hide_statement_parameters(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    try:
        async with create_session_factory(engine)() as session:
            with pytest.raises(IntegrityError) as error:
                await session.execute(
                    insert(Person).values(last_name=None, first_name=CLIENT_FIRST, phone=PHONE)
                )
        message = str(error.value)
        assert "SQL parameters hidden" in message
        assert "[parameters:" not in message
    finally:
        await engine.dispose()


def test_migrate_does_not_print_the_database_password(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env["HELPDESK_DATABASE__URL"] = "postgresql+asyncpg://u:SECRETPW@127.0.0.1:1/x"
    env["HELPDESK_DATABASE__CONNECT_TIMEOUT"] = "5"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "SECRETPW" not in output
    assert "postgresql+asyncpg://u:***@127.0.0.1:1/x" in output


def _fail_with_values() -> None:
    try:
        {"phone": PHONE}["name"]
    except KeyError as exc:
        raise ValueError(f"no name for {CLIENT} at {PHONE}") from exc


def test_a_logged_exception_keeps_its_frames_not_its_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    setup_logging("DEBUG", "json", [TEST_TOKEN])
    logging.getLogger().addHandler(caplog.handler)
    try:
        _fail_with_values()
    except ValueError:
        logging.getLogger("bot.pipeline.unit").exception("handler failed")
        logging.getLogger("some.library").error("token %s, client %r", TEST_TOKEN, CLIENT)
    failed, library = caplog.records[-2:]
    assert failed.exc_info is None
    trace = failed.exc_text or ""
    assert "in _fail_with_values" in trace  # the frames stay
    assert "KeyError" in trace
    assert "ValueError" in trace
    assert "direct cause" in trace
    assert library.getMessage() == "token …, client '…'"
    assert _leaks(_record_text(caplog, failed) + _record_text(caplog, library)) == []
