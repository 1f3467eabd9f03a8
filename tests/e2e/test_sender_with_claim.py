"""On PostgreSQL an update's claim and its sender's person and roles are one round trip, and the
roles are still the database's at that moment: a role taken away or a person deactivated
between two updates is refused at once, and a redelivered update is still skipped."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from db.models import Person, PersonRole, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.statements import executed
from tests.work.helpers import add_person, started_bot

pytestmark = pytest.mark.postgres


async def test_the_sender_is_read_with_the_claim_and_changes_count_at_once(
    fake_api: FakeBotAPI, postgres_url: str
) -> None:
    bot = await started_bot(fake_api, postgres_url)
    try:
        person_id = await add_person(bot, 940, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 940, "Ольга")
        await operator.send("/new")
        await operator.expect("<b>Адрес</b>")

        with executed(bot) as sent:
            await operator.send("ул. Садовая, д. 10")
            await operator.expect("Квартира / помещение")
        seen = [" ".join(statement.split()) for statement in sent]
        claims = [s for s in seen if "INSERT INTO processed_updates" in s]
        assert len(claims) == 1, seen
        assert "JOIN people ON people.telegram_id" in claims[0]
        assert "person_roles" in claims[0]
        assert not [s for s in seen if s.startswith("SELECT people.")], seen

        await operator.send("/cancel")
        await operator.expect("Заявка не создана")
        # An executor now, no longer an operator, between two updates: /new is refused.
        async with bot.session_factory() as session, session.begin():
            await session.execute(
                update(PersonRole)
                .where(PersonRole.person_id == person_id)
                .values(role=Role.EXECUTOR.value)
            )
        await operator.send("/new")
        await operator.expect("Создавать заявки могут только операторы")

        # Deactivated: refused as such.
        async with bot.session_factory() as session, session.begin():
            await session.execute(
                update(Person).where(Person.id == person_id).values(is_active=False)
            )
        await operator.send("/my")
        await operator.expect("Ваш доступ отключён")

        # A redelivered update is claimed already: nothing is answered twice.
        update_id = await operator.send("/my")
        await operator.expect("Ваш доступ отключён")
        before = len(operator.messages)
        await fake_api.push_update(fake_api.pushed[update_id], update_id=update_id)
        await operator.send("/help")  # a fresh update after it: the redelivery was read
        await operator.expect("Ваш доступ отключён")
        assert len(operator.messages) == before + 1
    finally:
        await bot.stop()
