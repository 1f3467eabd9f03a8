"""What a new ticket needs besides its values is known without statements of its own: the
current workflow and whether any webhook endpoint is enabled are read with the sender, and the
card does not count the attachments of a ticket made in the same transaction. A workflow
published or an endpoint enabled elsewhere is used by the very next ticket."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from bot.config import Settings
from db.models import FsmRecord, Role, Ticket, WebhookDelivery, WebhookEndpoint
from services.tickets.definitions import publish_workflow
from services.workflow import load_default_workflow, workflow_from_config, workflow_to_config
from tests.conftest import ADMIN_ID
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form
from tests.harness import BotHarness, make_settings
from tests.statements import executed
from tests.tickets.conftest import add_person

_OWN_READS = (
    "SELECT workflow_versions.",
    "SELECT webhook_endpoints.",
    "SELECT count(*) AS count_1 \nFROM ticket_attachments",
)


@pytest.fixture
def settings(fake_api: FakeBotAPI, database_url: str) -> Settings:
    """Both databases: on PostgreSQL the reads go along with the update's claim."""
    return make_settings(api_base=fake_api.base_url, database_url=database_url, admins=[ADMIN_ID])


def _own_reads(statements: list[str]) -> list[str]:
    """Statements that read the workflow, the endpoints or the attachments on their own."""
    return [s for s in statements if s.lstrip().startswith(_OWN_READS)]


async def _create(op: FakeUser) -> str:
    await fill_default_form(op)
    await op.press("✅ Создать")
    return (await op.expect("создана")).text


async def test_a_new_ticket_reads_along_and_sees_changes_made_elsewhere(
    fake_api: FakeBotAPI, bot: BotHarness
) -> None:
    await add_person(bot, 830, Role.OPERATOR)
    op = FakeUser(fake_api, 830, "Семён")
    await _create(op)  # this process now keeps the current workflow

    with executed(bot) as seen:
        card = await _create(op)
    assert _own_reads(seen) == []
    assert "№ 2" in card

    # A workflow published and an endpoint enabled by someone else (as another process would).
    config = workflow_to_config(load_default_workflow())
    config["stages"][0]["name"] = "Поступила"
    async with bot.session_factory() as session, session.begin():
        new_workflow = await publish_workflow(
            session, workflow_from_config(config["stages"], config["initial"])
        )
        session.add(
            WebhookEndpoint(
                url="http://127.0.0.1:9/hook", secret="s" * 32, event_types=["ticket.created"]
            )
        )
    card = await _create(op)
    assert "№ 3" in card
    async with bot.session_factory() as session:
        third = await session.scalar(select(Ticket).where(Ticket.number == 3))
        assert third is not None
        assert third.workflow_version_id == new_workflow.id
        deliveries = list(await session.scalars(select(WebhookDelivery)))
    assert [(d.event_type, d.ticket_number) for d in deliveries] == [("ticket.created", 3)]


def _own_dialogue_reads(statements: list[str]) -> list[str]:
    """Reads of dialogue records by a statement of their own (the delivery recorder's locked
    read, which writes real message ids in after the replies, is not an update's)."""
    return [
        s
        for s in statements
        if s.lstrip().startswith("SELECT fsm_records.") and "FOR UPDATE" not in s
    ]


async def test_a_form_step_reads_its_dialogue_with_the_claim_and_sees_changes_made_elsewhere(
    fake_api: FakeBotAPI, bot: BotHarness, database_url: str
) -> None:
    """On PostgreSQL a step's dialogue records come in the claim's statement (one round trip
    fewer on every step); what is read is what the database holds then, not a memory of it."""
    await add_person(bot, 831, Role.OPERATOR)
    op = FakeUser(fake_api, 831, "Зоя")
    await op.send("/new")
    await op.expect("Шаг 1 из 10")

    with executed(bot) as seen:
        await op.send("ул. Садовая, д. 10")
        await op.expect("Квартира / помещение")
        await op.press("⏭ Пропустить")
        await op.expect("Подъезд")
    on_postgres = database_url.startswith("postgresql")
    assert (_own_dialogue_reads(seen) == []) is on_postgres

    # The draft is removed elsewhere (another process, the retention job): the next text is
    # not taken as the entrance but searched for, as any text outside a dialogue.
    async with bot.session_factory() as session, session.begin():
        await session.execute(delete(FsmRecord).where(FsmRecord.key.contains(":831:")))
    await op.send("89215550101")
    answer = await op.expect("Ничего не найдено")
    assert "89215550101" in answer.text
