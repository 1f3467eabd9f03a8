"""On PostgreSQL an update's claim and its sender's person and roles are one round trip, and the
roles are still the database's at that moment: a role taken away or a person deactivated
between two updates is refused at once, and a redelivered update is still skipped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, update

from db.models import Person, PersonRole, Role
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, started_bot

pytestmark = pytest.mark.postgres


@contextmanager
def _statements(bot: BotHarness) -> Iterator[list[str]]:
    assert bot.runtime is not None
    engine = bot.runtime.engine.sync_engine
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


async def test_the_sender_is_read_with_the_claim_and_changes_count_at_once(
    fake_api: FakeBotAPI, postgres_url: str
) -> None:
    bot = await started_bot(fake_api, postgres_url)
    try:
        person_id = await add_person(bot, 940, "Операторова", [Role.OPERATOR])
        operator = FakeUser(fake_api, 940, "Ольга")
        await operator.send("/new")
        await operator.expect("<b>Адрес</b>")

        with _statements(bot) as seen:
            await operator.send("ул. Садовая, д. 10")
            await operator.expect("Квартира / помещение")
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
