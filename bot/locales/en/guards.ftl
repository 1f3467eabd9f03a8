# Protections: words a move needs, one answer for missing and others' tickets, strangers,
# edited messages. Ids start with "guard-" (the reopen prompt and confirmation follow the
# "work-prompt-…"/"work-applied-…" naming of the other actions that need words).

## A move that needs words, asked for without them (alerts)

guard-needs-reason = This action needs a reason: press the button again and write it. The ticket has not changed.
guard-needs-question = To ask for information, write a question to the author: press "❓ Ask for information" and write it. The ticket has not changed.
guard-needs-department = To transfer the ticket, name the department: press "📤 Transfer to another department" and write it. The ticket has not changed.

## Reopening with a reason

work-prompt-reopen = Why is ticket No. { $number } reopened? Write the reason: the executor will get it, and it stays in the ticket's history.
work-applied-reopen = Ticket No. { $number } was reopened; the executor got the reason.
guard-ev-reopened = reopened (stage "{ $target }"): { $text }

## Someone else's ticket, strangers

guard-taken-by-other = The ticket has already been taken by another executor.
guard-no-access = No access. To work with the bot, request access: /start

## Edited messages

guard-edit-in-ticket-dialogue = The correction was not taken: the bot already has the earlier answer. To change a field, press "✏️ Change…" on the summary step, before "Create".
guard-edit-in-dialogue = The correction was not taken: the bot already has the earlier answer. Send what you need as a new message, or cancel the action: /cancel
guard-edit-outside = The bot does not read edited messages: send a new message instead.
