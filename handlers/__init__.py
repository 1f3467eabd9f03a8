"""All routers in the order they are tried; the fallback comes last."""

from __future__ import annotations

from aiogram import F, Router

from handlers import (
    access,
    assignment,
    common,
    dialog_commands,
    errors,
    executor_list,
    executor_work,
    fallback,
    reports,
    staff_dialog,
    staff_import,
    staff_invite,
    staff_shift,
    stage_settings,
    start,
    ticket_comments,
    ticket_create,
    ticket_edit,
    ticket_fields_admin,
    ticket_search,
    tickets_view,
    work_input,
)


def build_root_router() -> Router:
    root = Router(name="root")
    # The bot works in private chats only; group messages are not for it.
    root.message.filter(F.chat.type == "private")
    root.include_routers(
        errors.create_router(),
        common.create_router(),
        # Staff: "/start <invitation token>" must be tried before the plain /start.
        staff_invite.create_router(),
        start.create_router(),
        access.create_router(),
        # A command typed inside a dialogue or input is not an answer (/start, /cancel: above).
        dialog_commands.create_router(),
        # Workflow: inputs (report, reason, answer) first, then buttons and lists.
        work_input.create_router(),
        assignment.create_router(),
        executor_work.create_router(),
        executor_list.create_router(),
        stage_settings.create_router(),
        # Tickets: dialogs first; the "№1024" text handler (tickets_view) after every dialog.
        ticket_create.create_router(),
        ticket_comments.create_router(),
        ticket_edit.create_router(),
        ticket_search.create_router(),
        ticket_fields_admin.create_router(),
        tickets_view.create_router(),
        reports.create_router(),
        # Staff: list and cards, shift, then the .xlsx upload (any document left over).
        staff_dialog.create_router(),
        staff_shift.create_router(),
        staff_import.create_router(),
        fallback.create_router(),
    )
    return root
