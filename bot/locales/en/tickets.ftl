## Tickets: creation dialogue, card, lists, search, comments, field settings.

menu-new-ticket = 📝 New ticket
menu-my-tickets = 🗂 My tickets
menu-find-ticket = 🔎 Find a ticket
menu-ticket-fields = ⚙️ Ticket fields
cmd-new = New ticket
cmd-my = My tickets
cmd-t = Ticket by number: /t 1024

## Calendar (aiogram-dialog), in the company's time zone.
cal-month-1 = January
cal-month-2 = February
cal-month-3 = March
cal-month-4 = April
cal-month-5 = May
cal-month-6 = June
cal-month-7 = July
cal-month-8 = August
cal-month-9 = September
cal-month-10 = October
cal-month-11 = November
cal-month-12 = December
cal-weekday-1 = Mo
cal-weekday-2 = Tu
cal-weekday-3 = We
cal-weekday-4 = Th
cal-weekday-5 = Fr
cal-weekday-6 = Sa
cal-weekday-7 = Su
cal-day = { $day }
cal-weekday = { $weekday }
cal-month = { $month }
cal-header-month = 🗓 { $month } { $year }
cal-header-year = 🗓 { $year }
cal-next-month = »
cal-prev-month = «
cal-next-year = { $year } »
cal-prev-year = « { $year }

## Creation dialogue
ticket-create-no-rights = Only operators can create tickets. Ask an administrator if you need this role.
ticket-ask-label = <b>{ $label }</b>
ticket-ask-label-optional = <b>{ $label }</b> (optional)
ticket-ask-hint = <i>{ $hint }</i>
ticket-ask-text = Type the text in one message.
ticket-ask-long_text = Type the text; a long text is kept whole.
ticket-ask-number = Type a number.
ticket-ask-phone = Type a phone number, e.g. +7 921 555-01-01.
ticket-ask-date = Pick a date in the calendar or type it, e.g. 27.11.2026 or "tomorrow".
ticket-ask-datetime = Type a date and time, e.g. 27.11 14:30, or pick a date in the calendar and then type the time.
ticket-ask-choice = Choose an option.
ticket-ask-multi_choice = Tick the options and press "Done".
ticket-ask-yes_no = Answer "Yes" or "No".
ticket-ask-attachments = Send photos or documents (several are fine), then press "Done".
ticket-ask-files-so-far = Files received: { $count }.
ticket-ask-current = Now: { $value }
ticket-ask-time = Date { $date } picked. Now type the time, e.g. 14:30.
ticket-input-error = ⚠️ { $text }
ticket-input-note = ℹ️ { $text }
ticket-error-need-text = Text is needed here: stickers, voice messages and files do not fit.
ticket-use-buttons = Check the ticket and press a button: "Create", "Change…" or "Cancel".
ticket-step-stale = This question is already answered: please answer the current one.
ticket-first-step = This is the first step. To leave, press "Cancel" or /cancel.
ticket-cannot-skip = This field is required and cannot be skipped.
ticket-fields-changed = The fields have changed: please answer the new question.
ticket-btn-skip = ⏭ Skip
ticket-btn-done = ✅ Done
ticket-btn-yes = Yes
ticket-btn-no = No
ticket-btn-create = ✅ Create
ticket-btn-edit-draft = ✏️ Change…
ticket-summary-title = <b>Check the ticket</b>
ticket-pick-field = Which field to change?
ticket-draft-cancelled = The ticket was not created; the draft is deleted.
ticket-created = ✅ Ticket <b>No. { $number }</b> created.

## Ticket card
ticket-card-title = 📄 <b>Ticket No. { $number }</b>
ticket-card-stage = Stage: <b>{ $stage }</b>
ticket-card-created = Created: { $at }
ticket-card-author = Author: { $name }
ticket-card-assignee = Assignee: { $name }
ticket-card-deadline = Stage deadline: { $at }
ticket-card-field = <b>{ $label }</b>: { $value }
ticket-card-label = <b>{ $label }</b>:
ticket-btn-files = 📎 Attachments ({ $count })
ticket-btn-comment = 💬 Comment
ticket-btn-history = 📜 History
ticket-btn-edit = ✏️ Change a field
ticket-btn-open = 📄 Open No. { $number }

## Opening, lists, attachments, history
ticket-not-available = Ticket No. { $number } was not found or you have no access to it.
ticket-not-available-button = The ticket was not found or you have no access to it.
ticket-open-usage = Give the ticket number, e.g. /t 1024 (or just type №1024).
ticket-list-item = No. { $number } · { $subject }
ticket-my-open = <b>My open tickets</b>: { $count } (page { $page } of { $pages })
ticket-my-closed = <b>My closed tickets</b>: { $count } (page { $page } of { $pages })
ticket-my-empty = Nothing here yet.
ticket-my-show-open = Show open
ticket-my-show-closed = Show closed
ticket-no-files = Ticket No. { $number } has no attachments.
ticket-file-caption = Attachment of ticket No. { $number }
ticket-history-title = 📜 <b>History of ticket No. { $number }</b>
ticket-history-empty = No changes or comments yet.
ticket-history-field = { $at } · { $name }: "{ $label }": { $old } → { $new }
ticket-history-comment = { $at } · { $name }: 💬 { $text }
ticket-file-kind-photo = photo
ticket-file-kind-video = video
ticket-file-kind-voice = voice message
ticket-file-kind-document = file
ticket-history-file = { $at } · { $name }: 📎 { $file }


## Comments and attachments
ticket-comment-prompt = Write a comment on ticket No. { $number } or send a photo or document.
ticket-comment-added = 💬 Comment added to ticket No. { $number }.
ticket-file-added = 📎 File added to ticket No. { $number }.
ticket-comment-blank = The comment has no text. Write it in words or send a photo or a document.
ticket-notify-file-caption = Caption: { $text }
ticket-comment-unsupported = Send text, a photo or a document. Stickers and voice messages are not kept.
ticket-notify-comment =
    💬 Comment on ticket No. { $number } from { $name }:
    { $text }
ticket-notify-file = 📎 { $name } added a file to ticket No. { $number }.

## Editing values after creation
ticket-edit-pick = Which field of the ticket to change?
ticket-edit-value = Type the new value of "{ $label }".
ticket-edit-choices = Options: { $choices }
ticket-edit-done = ✏️ Field "{ $label }" of ticket No. { $number } changed.
ticket-edit-unchanged = The value of "{ $label }" did not change.

## Field settings
ticket-fields-title = <b>Ticket fields</b> (pick a field to change it; send an .xlsx file to load a whole set):
ticket-fields-line = { $number ->
    [0] <b>{ $label }</b>
   *[other] { $number }. <b>{ $label }</b>
} — { $type }{ $required ->
    [yes] , required
   *[no] {""}
}{ $active ->
    [no] , retired
   *[yes] {""}
}
ticket-fields-download = 📥 Download .xlsx
ticket-fields-add = ➕ Add a field
ticket-fields-close = ✖️ Close
ticket-fields-rename = ✏️ Rename
ticket-fields-choices = 📝 Options
ticket-fields-up = ⬆️ Up
ticket-fields-down = ⬇️ Down
ticket-fields-make-optional = Make optional
ticket-fields-make-required = Make required
ticket-fields-retire = 🗄 Retire
ticket-fields-restore = ♻️ Restore
ticket-fields-apply = ✅ Apply
ticket-fields-saved = ✅ Saved. New tickets use the new fields; old tickets keep theirs.
ticket-fields-applied = ✅ The field set is applied. Old tickets keep their fields and values.
ticket-fields-not-applied = ❌ Not applied:
ticket-fields-rename-prompt = Type the new name of the field.
ticket-fields-choices-prompt = Type the options separated by ";", e.g. Low; Normal; High
ticket-fields-add-prompt = Type the name of the new field.
ticket-fields-add-type = Choose the type of the new field.
ticket-fields-file-caption = The field set. Edit the file and send it back to this chat: I will show the changes before applying them.
ticket-fields-send-xlsx = Send an .xlsx file with the field set (like the one from "Download .xlsx").
ticket-fields-file-too-big = The file is over 20 MB: the bot cannot receive it.
ticket-fields-file-errors = ❌ The file has errors ({ $count }); nothing was changed:
ticket-fields-issue-cell = • Row { $row }, column { $column }: { $text }
ticket-fields-issue-row = • Row { $row }: { $text }
ticket-fields-issue = • { $text }
ticket-fields-preview-title = <b>Changes from the file</b>: check them and press "Apply":

## Commands inside a dialogue
dialog-buttons-only = Please press a button in the message below. To leave: /cancel
dialog-command-blocked = Finish or cancel the current action first: /cancel
ticket-edit-btn-clear = 🧹 Clear
ticket-edit-empty = Empty value. Type the new value.
ticket-edit-empty-clear = Empty value. Type the new value or press "🧹 Clear" to remove it.
