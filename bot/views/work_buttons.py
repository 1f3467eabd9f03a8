"""Ticket cards and buttons of the workflow: what each person may do now, as buttons."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.views.callbacks import TicketCb, WorkCb
from db.base import utcnow
from db.models import Person, Role, Ticket
from services.work import moves
from services.workflow import MANAGER_ROLE, Action, ActionKind, Actor, Outcome, TransitionRules

# Action codes by what a move means; "accept" is the first move of an assignee.
_OUTCOME_CODES = {Outcome.TRANSFERRED: "transfer", Outcome.REJECTED: "reject"}
_KIND_CODES = {
    ActionKind.CONFIRM: "confirm",
    ActionKind.RETURN: "back",
    ActionKind.REOPEN: "reopen",
}


def actor_of(person: Person | None, roles: frozenset[Role]) -> Actor:
    names = {r.value for r in roles}
    if Role.ADMIN in roles:
        names.add(MANAGER_ROLE)
    return Actor(person.id if person else None, frozenset(names))


def action_code(ticket: Ticket, action: Action) -> str:
    target = moves.workflow(ticket).stage(action.target)
    if action.kind in _KIND_CODES:
        return _KIND_CODES[action.kind]
    if target.outcome in _OUTCOME_CODES:
        return _OUTCOME_CODES[target.outcome]
    if action.needs_report:
        return "finish"
    if target.pauses_clock:
        return "ask"
    if ticket.stage_key == moves.workflow(ticket).initial:
        return "accept"
    return "move"


_LABELS = {
    "accept": "work-btn-accept",
    "ask": "work-btn-ask",
    "finish": "wf-action-finish",
    "transfer": "wf-action-transfer",
    "reject": "dispatch-btn-reject",
    "confirm": "wf-action-confirm",
    "back": "wf-action-return",
    "reopen": "wf-action-reopen",
}


# Moves that end the ticket without the work done: behind «Ещё…», so that they are never
# pressed for "not me" (that is «Не возьму»).
ENDING_CODES = frozenset({"reject", "transfer"})


def ticket_buttons(
    i18n: Translator,
    ticket: Ticket,
    actor: Actor,
    rules: TransitionRules,
    now: datetime | None = None,
) -> list[tuple[str, InlineKeyboardButton]]:
    """Buttons for ``actor`` on this ticket now, each with its action code, in the order they
    are shown; the server re-checks each on press. Moves that end the ticket hide behind
    «Ещё…» (``extra_buttons``)."""
    found = _move_buttons(i18n, ticket, actor, rules, now)
    buttons = [(code, button) for code, button in found if code not in ENDING_CODES]

    def add(code: str, label_key: str) -> None:
        data = _cb(code, ticket).pack()
        buttons.append((code, InlineKeyboardButton(text=i18n.plain(label_key), callback_data=data)))

    is_assignee = actor.person_id is not None and actor.person_id == ticket.assignee_id
    is_manager = MANAGER_ROLE in actor.roles
    current = moves.stage_of(ticket)
    if not current.terminal:
        if is_assignee and not current.needs_author_confirmation:
            add("refuse", "dispatch-btn-refuse")
        if is_manager:
            add("assign", "work-btn-assign")
        if is_assignee or is_manager or actor.person_id == ticket.author_id:
            add("comment", "work-btn-comment")
    if any(code in ENDING_CODES for code, _button in found):  # what extra_buttons gives
        add("more", "dispatch-btn-more")
    add("history", "work-btn-history")
    return buttons


def extra_buttons(
    i18n: Translator,
    ticket: Ticket,
    actor: Actor,
    rules: TransitionRules,
    now: datetime | None = None,
) -> list[InlineKeyboardButton]:
    """What «Ещё…» opens: the moves that end the ticket, each re-checked on press."""
    return [
        button
        for code, button in _move_buttons(i18n, ticket, actor, rules, now)
        if code in ENDING_CODES
    ]


def _move_buttons(
    i18n: Translator,
    ticket: Ticket,
    actor: Actor,
    rules: TransitionRules,
    now: datetime | None,
) -> list[tuple[str, InlineKeyboardButton]]:
    found: list[tuple[str, InlineKeyboardButton]] = []
    stage, tid = ticket.stage_key, ticket.id
    for action in moves.actions_for(ticket, actor, rules, now or utcnow()):
        code = action_code(ticket, action)
        label = (
            i18n.plain(_LABELS[code], **action.label.args)
            if code in _LABELS
            else i18n.plain_msg(action.label)
        )
        data = WorkCb(a=code, t=tid, s=stage, x=action.target).pack()
        found.append((code, InlineKeyboardButton(text=label, callback_data=data)))
    return found


def open_button(i18n: Translator, ticket: Ticket) -> InlineKeyboardButton:
    """«📄 Открыть»: the whole card, for whoever may see the ticket when pressed."""
    return InlineKeyboardButton(
        text=i18n.plain("dispatch-btn-open"),
        callback_data=TicketCb(action="open", ticket_id=ticket.id).pack(),
    )


def end_confirm_keyboard(
    i18n: Translator, cb: WorkCb, yes_key: str, confirmed_code: str
) -> InlineKeyboardMarkup:
    """«Да, закрыть» («Да, передать») goes on to the words; «Назад» changes nothing."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.plain(yes_key), callback_data=WorkCb(a=confirmed_code, t=cb.t, s=cb.s, x=cb.x)
    )
    builder.button(
        text=i18n.plain("dispatch-btn-reject-back"), callback_data=WorkCb(a="rejectno", t=cb.t)
    )
    builder.adjust(2)
    return builder.as_markup()


def _cb(action: str, ticket: Ticket, extra: str = "") -> WorkCb:
    return WorkCb(a=action, t=ticket.id, s=ticket.stage_key, x=extra)


def single_button(i18n: Translator, label_key: str, cb: WorkCb) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.plain(label_key), callback_data=cb)
    return builder.as_markup()


def take_keyboard(i18n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    return single_button(i18n, "work-btn-take", _cb("take", ticket))


def assign_keyboard(i18n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    return single_button(i18n, "work-btn-assign", _cb("assign", ticket))


def answer_keyboard(i18n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    return single_button(i18n, "work-btn-answer", _cb("answer", ticket))


def done_keyboard(i18n: Translator, ticket_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.plain("work-btn-done"), callback_data=WorkCb(a="done", t=ticket_id))
    builder.button(
        text=i18n.plain("work-btn-cancel"), callback_data=WorkCb(a="cancel", t=ticket_id)
    )
    builder.adjust(2)
    return builder.as_markup()


def cancel_keyboard(i18n: Translator, ticket_id: int) -> InlineKeyboardMarkup:
    return single_button(i18n, "work-btn-cancel", WorkCb(a="cancel", t=ticket_id))
