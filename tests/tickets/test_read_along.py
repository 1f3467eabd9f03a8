"""What a new ticket needs besides its values is known without statements of its own: the
current workflow and whether any webhook endpoint is enabled are read with the sender, and the
card does not count the attachments of a ticket made in the same transaction. A workflow
published or an endpoint enabled elsewhere is used by the very next ticket."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Role, Ticket, WebhookDelivery, WebhookEndpoint
from services.tickets.definitions import publish_workflow
from services.workflow import load_default_workflow, workflow_from_config, workflow_to_config
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.forms import fill_default_form
from tests.harness import BotHarness
from tests.statements import executed
from tests.tickets.conftest import add_person

_OWN_READS = (
    "SELECT workflow_versions.",
    "SELECT webhook_endpoints.",
    "SELECT count(*) AS count_1 \nFROM ticket_attachments",
)


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
