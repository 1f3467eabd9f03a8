"""The personal-data flag of a field: on by default on the resident's name, phone, address and
flat; toggled in the bot as a new field-set version (audited); kept by the .xlsx round trip."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.i18n import get_translator
from db.models import FieldSetVersion, Role
from services.fields import (
    FieldSet,
    export_field_set_xlsx,
    load_default_field_set,
    read_field_set_xlsx,
)
from services.fields.diff import diff_field_sets, diff_messages
from services.privacy.fields import personal_data_keys
from services.tickets import field_editing
from services.tickets.fieldsets import current_fields
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.privacy.helpers import audit_entries, details, eventually
from tests.tickets.conftest import add_person

DEFAULT_PERSONAL = {"client", "phone", "address", "flat"}


async def _current(bot: BotHarness) -> tuple[int, FieldSet]:
    async with bot.session_factory() as session:
        row, field_set = await current_fields(session)
        return row.id, field_set


async def _versions(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(FieldSetVersion)) or 0)


def test_default_set_flags_the_residents_data() -> None:
    field_set = load_default_field_set()
    flagged = {field.key for field in field_set.fields if field.personal_data}
    assert flagged == DEFAULT_PERSONAL
    assert personal_data_keys(field_set.to_config()) == DEFAULT_PERSONAL


async def test_toggle_in_the_bot_publishes_a_version_with_the_flag(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    manager_id = await add_person(bot, 820, Role.MANAGER)
    boss = FakeUser(fake_api, 820, "Босс")
    await boss.send("/start")
    await boss.expect("Ваши роли")
    await boss.press("⚙️ Поля заявки")
    listing = await boss.expect("Поля заявки")
    assert "<b>ФИО заявителя</b>" in listing.text
    line = next(line for line in listing.text.splitlines() if "<b>ФИО заявителя</b>" in line)
    assert line.endswith("🔒 ПДн")
    entrance_line = next(line for line in listing.text.splitlines() if "<b>Подъезд</b>" in line)
    assert "🔒" not in entrance_line
    first_id, _ = await _current(bot)

    await boss.press("Подъезд")
    details_screen = await boss.expect("<b>Подъезд</b>")
    assert "🔒 Персональные данные: нет" in details_screen.buttons
    await boss.press("🔒 Персональные данные: нет")
    saved = await boss.expect("отмечено как персональные данные")
    assert "🔒 Персональные данные: да" in saved.buttons
    row_id, field_set = await eventually(lambda: _current(bot), lambda c: c[0] != first_id)
    assert row_id != first_id
    assert field_set["entrance"].personal_data
    assert {f.key for f in field_set.fields if f.personal_data} == DEFAULT_PERSONAL | {"entrance"}
    assert await _versions(bot) == 2
    audited = await audit_entries(bot, "settings_changed")
    async with bot.session_factory() as session:
        version = (await session.get(FieldSetVersion, row_id)).version
    assert details(audited) == [{"what": "fields", "version": version}]
    assert audited[0].actor_id == manager_id

    # And off again: the set is the first one again, so its stored version is current again.
    await boss.press("🔒 Персональные данные: да")
    await boss.expect("больше не отмечено")
    again_id, field_set = await eventually(
        lambda: _current(bot), lambda c: not c[1]["entrance"].personal_data
    )
    assert not field_set["entrance"].personal_data
    assert again_id == first_id
    assert await _versions(bot) == 2


def test_xlsx_round_trip_keeps_the_flag() -> None:
    field_set = field_editing.set_personal_data(load_default_field_set(), "entrance", True)
    field_set = field_editing.set_personal_data(field_set, "flat", False)
    data = export_field_set_xlsx(field_set, get_translator("ru").plain_msg)
    sheet = load_workbook(BytesIO(data))["Поля"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("ПДн")
    flags = {row[0].value: row[column].value for row in sheet.iter_rows(min_row=2)}
    assert (flags["entrance"], flags["flat"], flags["client"]) == ("да", "нет", "да")
    again = read_field_set_xlsx(data)
    assert again == field_set
    assert {f.key for f in again.fields if f.personal_data} == DEFAULT_PERSONAL - {"flat"} | {
        "entrance"
    }


def test_file_without_the_column_gets_the_default_flags_and_the_preview_says_so() -> None:
    """A file downloaded before the «ПДн» column: the resident's fields are flagged as
    migration 0011 flagged stored sets; any other flag change is listed in the preview."""
    current = field_editing.set_personal_data(load_default_field_set(), "entrance", True)
    data = export_field_set_xlsx(current)
    book = load_workbook(BytesIO(data))
    sheet = book["Поля"]
    sheet.delete_cols(len(list(sheet[1])))  # the last column is «ПДн»
    assert "ПДн" not in [cell.value for cell in sheet[1]]
    out = BytesIO()
    book.save(out)
    old_file = read_field_set_xlsx(out.getvalue())
    assert {f.key for f in old_file.fields if f.personal_data} == DEFAULT_PERSONAL
    i18n = get_translator("ru")
    preview = [
        i18n.plain_msg(m)
        for m in diff_messages(diff_field_sets(current, old_file), current, old_file)
    ]
    assert preview == ["«Подъезд»: персональные данные — нет."]
