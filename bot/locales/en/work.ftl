# Workflow in chat: cards, executors' actions, assignment, confirmation. Ids start with "work-".

menu-my-work = 🛠 My tickets in work
menu-stages = 🔀 Ticket stages
cmd-work = My tickets in work
cmd-stages = Ticket stages

work-card = 📋 <b>Ticket No. { $number }</b>: { $subject }
    Category: { $category } · Priority: { $priority }
    Address: { $address }
    Description: { $description }
    Stage: <b>{ $stage }</b>
    Author: { $author }
    Executor: { $assignee }
    Stage deadline: { $deadline }
work-nobody = not assigned
work-system = System

work-btn-accept = ✅ Accept
work-btn-refuse = 🙅 Refuse
work-btn-ask = ❓ Ask for information
work-btn-assign = 👤 Assign
work-btn-comment = 💬 Comment
work-btn-history = 📜 History
work-btn-take = ✋ Take
work-btn-answer = ✍️ Answer
work-btn-done = ✅ Done
work-btn-cancel = ✖️ Cancel

work-conflict = The ticket has just been changed; refresh the card and try again.
work-stale = This button is out of date: the ticket is at another stage. Refresh the card.
work-assignee-changed = While you were choosing, ticket No. { $number } was assigned to { $name }. To reassign it, open its card again.
work-not-yours = This action on this ticket is not available to you.
work-not-waiting = The ticket is no longer waiting for an answer.
work-not-offered = This ticket was not offered to you.
work-taken-by = The ticket has already been taken ({ $name }).
work-closed = The ticket is closed.
work-not-executor = This person cannot be an executor.
work-managers-only = Only managers assign executors.
work-nothing-to-finish = The report has already been sent or cancelled.
work-report-needs-text = Write the report text, then press "Done".

work-done-stage = Done: stage "{ $stage }".
work-taken-you = Ticket No. { $number } is yours.
work-pool-offer = 🆕 A new ticket — take it if you can.
work-pool-returned = 🔁 Ticket No. { $number } is free again: { $name } refused it. Reason: { $reason }
    Take it if you can.
work-already-taken = Ticket No. { $number } has already been taken ({ $name }).
work-assigned-to-you = 📌 Ticket No. { $number } is assigned to you.
work-unassigned-you = Ticket No. { $number } was given to another executor.
work-no-longer-yours = Ticket No. { $number } is no longer yours: it was given to another executor or returned to the dispatcher. Your tickets: /work
work-assigned-by-you = Ticket No. { $number } assigned: { $name }.
work-new-for-managers = 🆕 New ticket No. { $number } is waiting for an executor.
work-taken-for-author = 👷 Ticket No. { $number } was taken into work by: { $name }
work-refused = { $name } refused ticket No. { $number }. Reason: { $reason }
work-refused-pool = { $name } refused ticket No. { $number }. Reason: { $reason }
    It is offered to the executors on shift again; you may also assign it.
work-refused-pool-nobody = { $name } refused ticket No. { $number }. Reason: { $reason }
    There is nobody else to offer it to — assign an executor.
work-refused-for-author = 🔁 { $name } refused ticket No. { $number }. Looking for another executor.
work-report-for-author = ✅ Ticket No. { $number } is done. The executor's report:
    { $report }
    Confirm the result or return the ticket to work.
work-confirmed = 👍 The author confirmed ticket No. { $number }. The ticket is closed.
work-returned = ↩️ Ticket No. { $number } was returned to work. Reason: { $reason }
work-reopened = 🔄 Ticket No. { $number } was reopened: { $reason }
work-question = ❓ The executor of ticket No. { $number } asks:
    { $question }
    Press "Answer" to reply.
work-answer = ✍️ The author's answer on ticket No. { $number }:
    { $answer }
work-transferred = 📤 Ticket No. { $number } was transferred to another department: { $department }.
work-rejected = ⛔ Ticket No. { $number } was rejected. Reason: { $reason }
work-stage-changed = Ticket No. { $number }: stage "{ $stage }".
work-managers-change = Ticket No. { $number } is at stage "{ $stage }" again.
work-comment = 💬 Comment on ticket No. { $number } from { $name }:
    { $text }
work-auto-confirmed-author = ⏰ Ticket No. { $number } was confirmed automatically: no answer for { $hours } h.
work-auto-confirmed-executor = ⏰ Ticket No. { $number } was confirmed automatically and closed.

work-prompt-finish = Report on ticket No. { $number }: write what was done, attach photos or files if needed, then press "Done".
work-prompt-ask = What should the author of ticket No. { $number } be asked? Write it in one message.
work-prompt-transfer = Which department takes ticket No. { $number }? Write its name.
work-prompt-reject = Why is ticket No. { $number } rejected? Write the reason.
work-prompt-back = Why does ticket No. { $number } go back to work? The executor will get the reason.
work-prompt-comment = Write a comment on ticket No. { $number }.
work-prompt-refuse = Why do you refuse ticket No. { $number }? Write the reason.
work-prompt-answer = Write your answer on ticket No. { $number }.
work-report-expects = Send text, a photo or a file for the report, or press "Done".
work-report-added = Added to the report (files: { $files }). Add more or press "Done".
work-text-expected = Text is needed: write it in one message or press "Cancel".
work-input-cancelled = Cancelled; the ticket has not changed.
work-applied-finish = The report was sent to the author of ticket No. { $number }; waiting for confirmation.
work-applied-ask = The question was sent to the author of ticket No. { $number }. The clock is paused.
work-applied-transfer = Ticket No. { $number } was transferred to another department.
work-applied-reject = Ticket No. { $number } was rejected.
work-applied-back = Ticket No. { $number } was returned to work; the executor got the reason.
work-applied-comment = Comment on ticket No. { $number } added.
work-applied-refuse = You refused ticket No. { $number }.
work-applied-answer = Your answer on ticket No. { $number } was sent to the executor.

work-pick-title = Whom to assign ticket No. { $number } to? (position · on shift · open tickets)
work-pick-label = { $name } · { $position } · { $available ->
        [yes] On shift
       *[no] Off shift
    } · { $load }{ $unreachable ->
        [yes] {" · 🚫 gets no messages"}
       *[no] {""}
    }
work-no-executors = There is no active executor.

work-my-empty = You have no tickets in work.
work-my-title = Your tickets in work ({ $count }):
work-my-line = No. { $number } · { $subject } — { $stage }, due: { $deadline }
work-my-open = No. { $number }

work-history-line = { $at } · { $who }: { $what }
work-ev-created = created (stage "{ $target }")
work-ev-assigned = executor { $person } assigned
work-ev-refused = refused: { $text }
work-ev-stage_changed = stage "{ $source }" → "{ $target }"
work-ev-comment = comment: { $text }
work-ev-info_requested = question to the author: { $text }
work-ev-info_answered = the author's answer: { $text }
work-ev-report = report: { $text }
work-ev-confirmed = completion confirmed
work-ev-auto_confirmed = confirmed automatically
work-ev-returned = returned to work: { $text }
work-ev-reopened = reopened (stage "{ $target }")
work-ev-transferred = transferred to another department: { $text }
work-ev-other = { $kind }

work-stages-title = ⚙️ <b>Ticket stages</b> (name · required · final · time limit):
work-stages-line = • { $name } · { $required ->
        [yes] required
       *[no] optional
    }{ $terminal ->
        [yes] {" · final"}
       *[no] {""}
    } · { $has_limit ->
        [yes] { $limit }
       *[no] no limit
    }
work-stages-download = 📥 Download .xlsx
work-stages-upload = 📤 Upload the edited file
work-stages-publish = ✅ Publish
work-stages-discard = ✖️ Cancel
work-stages-download-hint = Edit the file and send it back with "Upload the edited file".
work-stages-send-file = Send the stage file (.xlsx) as a document. /cancel to stop.
work-stages-too-big = The file is too big: 2 MB at most.
work-stages-errors = ❌ The file has errors; nothing changed:
work-stages-preview = 🔍 What publishing changes (open tickets keep their version):
work-stages-nothing = Nothing to publish: upload the file again.
work-stages-refused = ❌ Not published:
work-stages-stranded = stage "{ $stage }" is removed but open tickets are in it: { $count }
work-stages-published = ✅ The new stage set is published (version { $version }). New tickets follow it.
work-stages-discarded = Stage changes discarded.
work-stages-error-at = Row { $row }{ $column ->
        [none] {""}
       *[other] , column "{ $column }"
    }: { $reason }

work-stages-edit = ✏️ Edit a stage
work-stage-edit-pick = ✏️ Which stage to edit?
work-stage-edit-card = ✏️ <b>{ $name }</b>
    Time limit: { $minutes ->
        [0] none
       *[other] { $limit }, { $mode ->
            [calendar] calendar time
           *[working] working time
        }
    }
    { $required ->
        [yes] Required stage
       *[no] Optional stage
    }
work-stage-edit-preview = 🔍 Changes after "Apply" (open tickets keep their version):
work-stage-edit-no-changes = Choose what to change:
work-stage-edit-btn-name = 🏷 Name
work-stage-edit-btn-limit = ⏱ Time limit
work-stage-edit-btn-mode = 🕘 Time: { $mode ->
        [calendar] calendar
       *[working] working
    }
work-stage-edit-btn-required = { $required ->
        [yes] ☑️ Required
       *[no] ⬜️ Optional
    }
work-stage-edit-btn-apply = ✅ Apply
work-stage-edit-btn-no-limit = ♾ No limit
work-stage-edit-ask-name = Send the stage's new name (up to 64 characters).
work-stage-edit-ask-minutes = Send the stage's time limit, e.g. “2 h”, “30 min”, “1 d 4 h” or “1.5 h” (1 d is 24 h).
work-stage-edit-name-length = ❌ The name must be 1 to { $max } characters long. Nothing changed.
work-stage-edit-mode-needs-limit = Set the stage's time limit first.
work-stage-edit-invalid = That value does not fit a stage. Nothing changed.
work-stage-edit-gone = Stage "{ $stage }" no longer exists: open /stages again.
work-stage-edit-outdated = someone has just changed the stages: open /stages and make your changes again

## People the bot cannot reach

work-unreachable = 🚫 { $name } ({ $position }) blocked the bot and gets no messages about tickets. Contact them another way.
