"""Shared set-up for the workflow tests: people with roles, tickets created through the
lifecycle service plus the after-creation hook, a running bot with chosen [workflow]."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from bot.i18n import get_translator
from bot.views.notifier import work_context
from db.models import Person, PersonRole, Role, Ticket, TicketEvent, TicketStageVisit
from services.deadlines.planner import planner_for
from services.tickets import definitions, lifecycle
from services.work.routing import choose_route, route_new
from tests.fakes.bot_api import BotMessage, FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness

VALUES = {
    "address": "ул. Ленина, д. 5",
    "flat": "12",
    "category": "Электрика",
    "priority": "Срочная",
    "description": "Нет света в кабинете 5, выбило автомат",
}


async def add_person(
    bot: BotHarness,
    telegram_id: int | None,
    last_name: str,
    roles: Iterable[Role],
    *,
    position: str | None = None,
    available: bool = True,
) -> int:
    async with bot.session_factory() as session, session.begin():
        person = Person(
            last_name=last_name,
            first_name="Иван",
            telegram_id=telegram_id,
            position=position,
            is_available=available,
            roles=[PersonRole(role=r.value) for r in roles],
        )
        session.add(person)
        await session.flush()
        return person.id


async def create_ticket(bot: BotHarness, author_id: int, **values: Any) -> int:
    assert bot.runtime is not None
    settings = bot.settings
    async with bot.session_factory() as session, session.begin():
        # As «Создать» and the API do: the executor is chosen, then the ticket written.
        work = work_context(session, get_translator("ru"), settings)
        all_values = {**VALUES, **values}
        routing = await choose_route(work, all_values)
        ticket = await lifecycle.create_ticket(
            session,
            author_id=author_id,
            field_set=await definitions.current_field_set(session),
            workflow=await definitions.current_workflow(session),
            values=all_values,
            planner=planner_for(settings.deadlines),
            assignee_id=routing.assignee_id,
            assignment_mode=routing.mode.value,
        )
        await route_new(work, ticket, routing)
        ticket_id = ticket.id
    bot.runtime.delivery.wake()
    return ticket_id


async def ticket_row(bot: BotHarness, ticket_id: int) -> Ticket:
    async with bot.session_factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


async def events(bot: BotHarness, ticket_id: int) -> list[TicketEvent]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
        return list(rows)


async def visits(bot: BotHarness, ticket_id: int) -> list[str]:
    async with bot.session_factory() as session:
        rows = await session.scalars(
            select(TicketStageVisit.stage_key)
            .where(TicketStageVisit.ticket_id == ticket_id)
            .order_by(TicketStageVisit.id)
        )
        return list(rows)


async def send_photo(api: FakeBotAPI, user: FakeUser) -> str:
    sent = api.new_file("photo.jpg", b"\xff\xd8jpeg")
    photo = [{"file_id": sent.file_id, "file_unique_id": sent.file_id, "width": 90, "height": 90}]
    await api.push_update({"message": user._message(photo=photo)})
    return sent.file_id


async def started_bot(api: FakeBotAPI, database_url: str, **workflow: Any) -> BotHarness:
    """A running bot with the given ``[workflow]`` settings (stop it in ``finally``)."""
    from tests.harness import make_settings

    settings = make_settings(api_base=api.base_url, database_url=database_url, workflow=workflow)
    harness = BotHarness(settings)
    await harness.start()
    return harness


async def accepted_ticket(
    api: FakeBotAPI, bot: BotHarness, executor: FakeUser, author_id: int
) -> tuple[int, BotMessage]:
    """A ticket auto-assigned to ``executor``, who accepts it; the card "В работе"."""
    ticket_id = await create_ticket(bot, author_id)
    card = await executor.expect("Вам назначена заявка")
    await executor.press("✅ Принять", card)
    return ticket_id, await executor.expect("Этап: <b>В работе</b>")
