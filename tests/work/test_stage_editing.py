"""Editing a stage in the bot from /stages: bad input changes nothing, every change shows
the validated preview, "Применить" publishes a new version, open tickets keep theirs."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Role, WorkflowVersion
from services.messages import Msg
from services.work.stage_editing import StageEdits, apply_edits, parse_minutes, parse_name, preview
from services.workflow import (
    Workflow,
    load_default_workflow,
    workflow_from_config,
    workflow_to_config,
)
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.users import FakeUser
from tests.harness import BotHarness
from tests.work.helpers import add_person, create_ticket, ticket_row


async def _versions(bot: BotHarness) -> list[WorkflowVersion]:
    async with bot.session_factory() as session:
        return list(await session.scalars(select(WorkflowVersion).order_by(WorkflowVersion.id)))


async def _count(bot: BotHarness) -> int:
    async with bot.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(WorkflowVersion)) or 0)


def test_typed_values_are_parsed_strictly() -> None:
    typed = {"2 ч": 120, "2ч": 120, "1 д 4 ч": 1680, "90 мин": 90, "1,5 ч": 90, "1 час": 60}
    for text, minutes in typed.items():
        assert parse_minutes(text) == minutes, text
    for bad in ("abc", "480", "0 мин", "61 д", "-5 ч", "0,5 мин", "2 ч 2 ч", "ч", "2 ч abc", ""):
        assert not isinstance(parse_minutes(bad), int), bad
    assert parse_name("  В   процессе ") == "В процессе"
    assert not isinstance(parse_name("x" * 65), str)


async def test_edit_stage_in_the_bot_and_apply(fake_api: FakeBotAPI, bot: BotHarness) -> None:
    await add_person(bot, 201, "Руководов", [Role.MANAGER])
    author_id = await add_person(bot, 401, "Автор", [Role.OPERATOR])
    open_ticket = await create_ticket(bot, author_id)
    before = await _versions(bot)
    manager = FakeUser(fake_api, 201, "Р")

    await manager.send("/stages")
    screen = await manager.expect("Этапы заявок")
    await manager.press("✏️ Изменить этап", screen)
    pick = await manager.expect("Какой этап изменить?")
    assert pick.buttons[:2] == ["Новая", "В работе"]
    assert {"◀️ Назад", "✖️ Отмена"} <= set(pick.buttons)
    await manager.press("В работе", pick)
    card = await manager.expect("<b>В работе</b>")
    assert "Срок: 8 ч, рабочее время" in card.text
    assert "in_progress" not in card.text  # no internal keys
    assert "Обязательный этап" in card.text
    assert "✅ Применить" not in card.buttons  # nothing changed yet

    # Bad minutes: a clear message each time, nothing kept.
    await manager.press("⏱ Срок", card)
    ask = await manager.expect("Пришлите срок этапа, например: «2 ч»")
    assert {"◀️ Назад", "✖️ Отмена"} <= set(ask.buttons)
    for bad in ("abc", "480"):
        await manager.send(bad)
        await manager.expect(f"Не понял срок «{bad}». Напишите число и единицу, например: «2 ч»")
    for bad in ("0 мин", "61 д"):
        await manager.send(bad)
        await manager.expect("Срок должен быть от 1 мин до 60 д")
    await manager.press("◀️ Назад", manager.message_with_button("♾ Без ограничения"))
    card = await manager.expect("<b>В работе</b>")
    assert "8 ч" in card.text
    assert "✅ Применить" not in card.buttons

    await manager.press("⏱ Срок", card)
    await manager.expect("Пришлите срок этапа")
    await manager.send("1 д 4 ч")
    card = await manager.expect("«В работе»: срок 8 ч → 1 д 4 ч")
    assert "Срок: 1 д 4 ч" in card.text
    assert "✅ Применить" in card.buttons
    await manager.press("🕘 Время: рабочее", card)
    card = await manager.expect("режим лимита рабочее время → календарное время")
    await manager.press("☑️ Обязательный", card)
    card = await manager.expect("теперь необязательный")
    await manager.press("🏷 Название", card)
    await manager.expect("новое название этапа")
    await manager.send("В процессе")
    card = await manager.expect("название «В работе» → «В процессе»")
    assert "срок 8 ч → 1 д 4 ч" in card.text  # earlier changes are kept
    assert await _count(bot) == len(before)  # nothing published before "Применить"

    await manager.press("✅ Применить", card)
    await manager.expect("Новая схема этапов опубликована")
    after = await _versions(bot)
    assert len(after) == len(before) + 1
    current = [v for v in after if v.is_current]
    assert current == [after[-1]]
    assert after[-1].created_by_id is not None
    stage = next(s for s in after[-1].definition["stages"] if s["key"] == "in_progress")
    assert stage["name"] == "В процессе"
    assert stage["required"] is False
    assert stage["time_limit"] == {"minutes": 1680, "mode": "calendar"}
    # The open ticket keeps the version it was made with; a new one gets the new version.
    assert (await ticket_row(bot, open_ticket)).workflow_version_id == before[-1].id
    new_ticket = await create_ticket(bot, author_id)
    assert (await ticket_row(bot, new_ticket)).workflow_version_id == after[-1].id

    # "Отмена" leaves without publishing anything.
    await manager.send("/stages")
    await manager.press("✏️ Изменить этап", await manager.expect("Этапы заявок"))
    pick = await manager.expect("Какой этап изменить?")
    await manager.press("Новая", pick)
    card = await manager.expect("<b>Новая</b>")
    await manager.press("🏷 Название", card)
    await manager.send("Поступила")
    card = await manager.expect("название «Новая» → «Поступила»")
    await manager.press("✖️ Отмена", card)
    await manager.send("/stages")
    screen = await manager.expect("• Новая ·")
    assert "• В процессе · необязательный · 1 д 4 ч" in screen.text
    assert "<code>" not in screen.text  # no internal keys
    assert await _count(bot) == len(after)


def test_edits_pass_the_workflow_validation() -> None:
    config = workflow_to_config(load_default_workflow())
    for stage in config["stages"]:
        if stage["key"] == "awaiting_info":
            stage["skip_for_categories"] = ["ИТ"]
    flow = workflow_from_config(config["stages"], config["initial"])
    # A required stage may not carry a skip rule: refused with the upload's message.
    problems = apply_edits(flow, "awaiting_info", StageEdits(required=True))
    assert problems == [Msg("wf-error-skip-rule-on-required", {"stage": "awaiting_info"})]
    assert apply_edits(flow, "gone", StageEdits(name="X")) == [
        Msg("work-stage-edit-gone", {"stage": "gone"})
    ]
    # A mode needs a limit, unless the limit is being removed in the same edit.
    assert apply_edits(flow, "closed", StageEdits(mode="calendar")) == [
        Msg("work-stage-edit-mode-needs-limit")
    ]
    edited = apply_edits(flow, "new", StageEdits(mode="calendar", minutes=None))
    assert isinstance(edited, Workflow)
    assert edited.stage("new").time_limit is None
    lines, can_apply = preview(flow, "new", StageEdits(minutes=90))
    assert can_apply
    assert lines == [
        Msg("wf-diff-changed-limit-minutes", {"stage": "Новая", "old": "60", "new": "90"})
    ]
