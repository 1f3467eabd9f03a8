"""Two managers open the executor picker for the same ticket: the first pick assigns it, the
second is refused with who has it now instead of silently reassigning; a picker opened after
that reassigns as asked."""

from __future__ import annotations

from db.models import Role, Ticket
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket


async def _picker(manager: FakeUser) -> BotMessage:
    offer = await manager.expect("Новая заявка № 1")
    await manager.press("👤 Назначить", offer)
    return await manager.expect("Кого назначить")


def _label(picker: BotMessage, starts: str) -> str:
    return next(b for b in picker.buttons if b.startswith(starts))


async def test_a_stale_picker_does_not_reassign(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    await add_person(bot, 202, "Замов", [Role.MANAGER])
    first_id = await add_person(bot, 301, "Электриков", [Role.EXECUTOR], position="Электрик")
    second_id = await add_person(bot, 302, "Сантехников", [Role.EXECUTOR], position="Сантехник")
    author_id = await add_person(bot, 401, "Операторова", [Role.OPERATOR])
    ticket_id = await create_ticket(bot, author_id)
    boss, deputy = FakeUser(fake_api, 201, "Иван"), FakeUser(fake_api, 202, "Иван")
    boss_picker, deputy_picker = await _picker(boss), await _picker(deputy)

    await boss.press(_label(boss_picker, "Электриков"), boss_picker)
    await boss.expect("назначена")
    answer = await deputy.press(_label(deputy_picker, "Сантехников"), deputy_picker)
    assert answer["text"] == (
        "Пока вы выбирали, заявку № 1 назначили: Электриков Иван. "
        "Чтобы переназначить, откройте её карточку заново."
    )
    async with bot.session_factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        assert ticket.assignee_id == first_id
    plumber = FakeUser(fake_api, 302, "Иван")
    assert not [t for t in plumber.texts() if "назначена" in t]

    # A picker opened now knows who has it: the reassignment goes through.
    await deputy.send("/t 1")
    card = await deputy.expect("Заявка № 1")
    await deputy.press("👤 Назначить", card)
    fresh = await deputy.expect("Кого назначить")
    await deputy.press(_label(fresh, "Сантехников"), fresh)
    await plumber.expect("Вам назначена заявка № 1")
    async with bot.session_factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        assert ticket.assignee_id == second_id
