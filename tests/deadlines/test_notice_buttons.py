"""Deadline notices carry «Открыть» for everyone told and «Назначить» for managers and
admins only; the group chat gets none. Written in one statement on both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from db.models import OutgoingMessage
from scheduler.deadlines import sweep_deadlines
from services.sla import FixedClock
from tests.deadlines.helpers import ADMIN_CHAT, EXECUTOR_CHAT, MANAGER_CHAT, MONDAY_10, make_world

GROUP_CHAT = -100500


def _buttons(markup: dict[str, Any] | None) -> list[tuple[str, str]]:
    rows = (markup or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_notices_offer_open_to_all_and_assign_to_who_may(database_url: str) -> None:
    world = await make_world(
        database_url,
        managers_chat_id=GROUP_CHAT,
        escalation=[{"after": "1h", "notify": "admins"}],
    )
    try:
        ticket_id = await world.create("Нет света в офисе 5")
        clock = FixedClock(MONDAY_10 + timedelta(minutes=48))
        await sweep_deadlines(world.factory, world.settings, clock)  # the warning
        clock.set(MONDAY_10 + timedelta(hours=1))
        await sweep_deadlines(world.factory, world.settings, clock)  # the breach
        clock.set(MONDAY_10 + timedelta(hours=2))
        await sweep_deadlines(world.factory, world.settings, clock)  # escalation to admins
        async with world.factory() as session:
            rows = (
                await session.execute(
                    select(
                        OutgoingMessage.chat_id, OutgoingMessage.text, OutgoingMessage.reply_markup
                    ).order_by(OutgoingMessage.id)
                )
            ).all()
    finally:
        await world.engine.dispose()

    opened = ("📄 Открыть", f"tk:open:{ticket_id}")
    assign = ("👤 Назначить", f"wk:assign:{ticket_id}:new:")
    seen = [(chat, text.split(":")[0], _buttons(markup)) for chat, text, markup in rows]
    assert seen == [
        (EXECUTOR_CHAT, "⏳ Заявка №1 «Нет света в офисе 5»", [opened]),
        (EXECUTOR_CHAT, "🔥 Заявка №1 «Нет света в офисе 5»", [opened]),
        (MANAGER_CHAT, "🔥 Заявка №1 «Нет света в офисе 5»", [opened, assign]),
        (GROUP_CHAT, "🔥 Заявка №1 «Нет света в офисе 5»", []),
        (ADMIN_CHAT, "🚨 Эскалация (шаг 1)", [opened, assign]),
    ]
    assert rows[3].reply_markup is None  # the group's message has no keyboard at all
