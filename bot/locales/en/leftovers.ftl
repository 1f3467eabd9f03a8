## A file sent outside any dialogue: which ticket is it for?
stray-file-offer = 📎 Add to ticket No.…? Choose the ticket: the file is attached to it and its caption becomes your comment.
stray-file-btn-drop = ✖️ Don't add
stray-file-dropped = The file was not added to any ticket.
stray-file-gone = This file was already added or forgotten. Send it again.
stray-file-no-tickets = 📎 You have no open tickets to add a file to. To add it to another ticket, open it and press “💬 Comment”.

## Stage time limits in people's words
duration-days = { $n } d
duration-hours = { $n } h
duration-minutes = { $n } min
stage-limit-none = no limit
stage-edit-diff-limit = “{ $stage }”: time limit { $old } → { $new }
stage-limit-not-understood = ❌ “{ $text }” is not a time limit I understand. Write a number and a unit, e.g. “2 h”, “30 min”, “1 d 4 h” or “1.5 h”. Nothing changed.
stage-limit-whole-minutes = ❌ “{ $text }” is not a whole number of minutes. Write, e.g., “1.5 h” or “90 min”. Nothing changed.
stage-limit-range = ❌ The time limit must be from 1 min to { $max_days } d, e.g. “2 h”. Nothing changed.

## Editing a ticket field: what it is now
field-edit-current-label = The field is now called: <b>{ $label }</b>
field-edit-current-choices = The choices now: <code>{ $choices }</code>
    Copy the line, change it and send it whole.
field-edit-no-choices = There are no choices now.
