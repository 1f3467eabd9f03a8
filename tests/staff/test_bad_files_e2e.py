"""Every kind of bad upload gets one clear message and changes nothing; non-admins get no import."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from db.models import Role, StaffUpload
from services.xlsx_guard.detect import OLE2_MAGIC
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.harness import BotHarness
from tests.staff.conftest import (
    HEADER,
    SAMPLE,
    add_person,
    imported,
    upload_sized,
    user,
    xlsx,
)

MB = 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bomb() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": bytes(40 * MB),
        }
    )


def _ole2(*streams: str) -> bytes:
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    return OLE2_MAGIC + bytes(504) + directory + bytes(1024)


BAD_FILES = [
    ("staff.xls", _ole2("Root Entry", "Workbook"), "старого формата Excel (.xls)"),
    ("staff.csv", "Фамилия;Имя\nИванов;Иван\n".encode("cp1251"), "текстовый файл (CSV)"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "Это не таблица Excel"),
    (
        "secret.xlsx",
        _ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"),
        "защищена паролем",
    ),
    ("wrong.xlsx", xlsx([["Код", "Сумма"], [1, 2]]), "Не найдена строка заголовков"),
    (
        "nopos.xlsx",
        xlsx([["Фамилия", "Имя", "Отчество"], ["Иванов", "Иван", "Иванович"]]),
        "нет обязательных столбцов: Должность",
    ),
    ("empty.xlsx", xlsx([]), "все листы пустые"),
    ("header.xlsx", xlsx([HEADER]), "нет ни одного сотрудника"),
    ("bomb.xlsx", _bomb(), "подозрительно сильно сжат"),
    ("broken.xlsx", b"PK\x03\x04" + bytes(500), "повреждён"),
]


async def _uploads(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count(StaffUpload.id))) or 0)


async def test_each_bad_file_gets_one_message_and_changes_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, "Иванов", "Иван", "Инженер")
    admin = user(fake_api, ADMIN_ID, "Анна")
    for filename, content, fragment in BAD_FILES:
        await admin.upload(filename, content)
        answer = await admin.next_event()
        assert fragment in answer.text, filename
        assert answer.buttons == [], filename
    assert len(admin.messages) == len(BAD_FILES)  # one message each: no preview, no file
    assert len(await imported(bot)) == 1
    assert await _uploads(bot) == 0


async def test_size_is_checked_before_downloading(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await upload_sized(admin, "big.xlsx", SAMPLE.read_bytes(), 6 * MB)
    answer = await admin.expect("Файл больше 5 МБ")
    assert answer.buttons == []
    assert fake_api.calls_of("getFile") == []  # never downloaded
    assert await imported(bot) == []


async def test_bot_api_download_limit_caps_a_larger_setting(fake_api: FakeBotAPI) -> None:
    from services.staff_import.settings import StaffSettings

    staff = StaffSettings(max_file_mb=50)
    assert staff.max_file_bytes(official_api=True) == 20 * MB
    assert staff.max_file_bytes(official_api=False) == 50 * MB


async def test_too_many_rows_is_refused(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    from tests.harness import BotHarness as Harness
    from tests.harness import make_settings

    settings = make_settings(
        api_base=fake_api.base_url,
        database_url=sqlite_url,
        admins=[ADMIN_ID],
        staff={"max_rows": 5},
    )
    harness = Harness(settings)
    await harness.start()
    try:
        admin = user(fake_api, ADMIN_ID, "Анна")
        await admin.upload("executors.xlsx", SAMPLE.read_bytes())
        await admin.expect("больше 5 строк")
        assert await imported(harness) == []
    finally:
        await harness.stop()


async def test_non_admin_file_and_forged_import_change_nothing(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    admin = user(fake_api, ADMIN_ID, "Анна")
    await admin.upload("executors.xlsx", SAMPLE.read_bytes())
    preview = await admin.expect("Будет добавлено: 30")
    data = preview.button_data("✅ Импортировать")
    assert data is not None

    await add_person(bot, "Оператов", "Олег", "Диспетчер", telegram_id=700, roles=[Role.OPERATOR])
    operator = user(fake_api, 700, "Олег")
    await operator.upload("executors.xlsx", SAMPLE.read_bytes())
    reply = await operator.next_event()
    assert "Проверка файла" not in reply.text
    forged = await operator.press_data(data, preview)
    assert "нет прав" in forged["text"]

    stranger = user(fake_api, 701, "Незнакомец")
    await stranger.upload("executors.xlsx", SAMPLE.read_bytes())
    await stranger.next_event()
    forged = await stranger.press_data(data, preview)
    assert "нет прав" in forged["text"]

    assert len(await imported(bot)) == 1  # only the operator's own record
    assert await _uploads(bot) == 1  # the admin's preview, still waiting
