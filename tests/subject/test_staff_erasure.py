"""Subject requests for a staff member: the export holds their records (not the residents'
of their tickets), an active person is not erased, and after erasure of a deactivated one the
ticket history shows the pseudonym and their name and phone are nowhere in the database."""

from __future__ import annotations

from sqlalchemy import select, update

from db.models import AuditEntry, DestructionActItem, Person, Role
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form
from tests.harness import BotHarness
from tests.subject.helpers import dump, export, find
from tests.tickets.conftest import add_person


async def test_staff_erasure_pseudonymises_history_and_refuses_active(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    person_id = await add_person(bot, 802, Role.OPERATOR, last_name="Уходящий")
    async with bot.session_factory() as session, session.begin():
        await session.execute(
            update(Person).where(Person.id == person_id).values(phone="+7 911 000-11-22")
        )
    op = FakeUser(fake_api, 802, "Семён")
    admin = FakeUser(fake_api, ADMIN_ID, "Админ")
    await admin.send("/start")
    await admin.expect("Ваши роли")
    await fill_default_form(op)
    await op.press("✅ Создать")
    await op.expect("создана")

    await find(admin, "Уходящий", "сотрудник: 1")
    # A forged button for someone the search did not find reaches nothing.
    listed = admin.message_with_button("👤 Уходящий Семён")
    data = listed.button_data("👤 Уходящий Семён")
    assert data is not None
    assert data.endswith(f":{person_id}")
    forged = await admin.press_data(data.removesuffix(str(person_id)) + "999", listed)
    assert "больше нет в списке" in str(forged.get("text"))
    await admin.press("👤 Уходящий Семён")
    await admin.expect(f"Сотрудник № {person_id}")
    cells = await export(admin, photo=False)
    assert "Уходящий" in cells
    assert "+7 911 000-11-22" in cells
    assert any("ул. Садовая" in cell for cell in cells) is False  # not the residents' data
    await admin.press("🗑 Удалить данные")
    answer = await admin.api.wait_for(
        lambda: next(
            (a for a in admin.api.callback_answers.values() if "ещё имеет доступ" in str(a)),
            None,
        )
    )
    assert answer
    async with bot.session_factory() as session:
        still = await session.get(Person, person_id)
        assert still is not None
        assert still.last_name == "Уходящий"

    async with bot.session_factory() as session, session.begin():
        await session.execute(update(Person).where(Person.id == person_id).values(is_active=False))
    await admin.press("🗑 Удалить данные")
    await admin.expect(f"Удалить персональные данные сотрудника № {person_id}?")
    await admin.press("✅ Да, удалить")
    await admin.expect(f"теперь он «Сотрудник №{person_id}»")
    async with bot.session_factory() as session:
        erased = await session.get(Person, person_id)
        assert erased is not None
        assert erased.full_name == f"Сотрудник №{person_id}"
        assert erased.phone is None
        assert erased.telegram_id is None
    # The history of the ticket they made shows the pseudonym.
    await admin.send("/cancel")
    await admin.expect("отменено")
    await admin.send("/t 1")
    await admin.expect("Заявка № 1")
    await admin.press("📜 История")
    history = await admin.expect("История заявки № 1")
    assert f"Сотрудник №{person_id}" in history.text
    assert "Уходящий" not in history.text
    leftovers = [r for r in await dump(bot) if "Уходящий" in r[2] or "000-11-22" in r[2]]
    assert not leftovers, leftovers
    async with bot.session_factory() as session:
        items = list(await session.scalars(select(DestructionActItem)))
        audit = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "erased")))
    assert [(i.category, i.person_ids) for i in items] == [("person", [person_id])]
    assert [a.subject_person_id for a in audit] == [person_id]
