"""The current field set is read with the sender (no statement of its own) once this process
has read that version; a version published elsewhere is read at once by the next update."""

from __future__ import annotations

from db.models import Role
from services.tickets.field_editing import set_active
from services.tickets.fieldsets import current_fields, publish_update
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.statements import executed
from tests.tickets.conftest import add_person


def _field_set_reads(statements: list[str]) -> list[str]:
    """Statements that read field_set_versions on their own (FROM it, not a subquery)."""
    own = "SELECT field_set_versions.".upper()
    return [s for s in statements if s.lstrip().upper().startswith(own)]


async def test_kept_version_costs_no_statement_and_a_new_one_is_used_at_once(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 820, Role.OPERATOR)
    op = FakeUser(fake_api, 820, "Семён")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")
    with executed(bot) as seen:
        await op.send("ул. Ленина, 1")
        await op.expect("Шаг 2 из 10")
        await op.press("⏭ Пропустить")
        await op.expect("Подъезд")
    assert _field_set_reads(seen) == []
    # Published by someone else (another process would do the same): the next step sees it.
    async with bot.session_factory() as session, session.begin():
        _row, old = await current_fields(session)
        await publish_update(session, old, set_active(old, "phone", False), None)
    with executed(bot) as seen:
        await op.press("⏭ Пропустить")
        moved = await op.expect("ФИО заявителя")
        assert "из 9" in moved.text
    reads = _field_set_reads(seen)
    # Read once, or not at all when this process kept the same version (id and digest)
    # from an earlier test's database.
    assert len(reads) <= 1
