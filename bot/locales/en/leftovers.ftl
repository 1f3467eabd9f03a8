## A file sent outside any dialogue: which ticket is it for?
stray-file-offer = 📎 Add to ticket No.…? Choose the ticket: the file is attached to it and its caption becomes your comment.
stray-file-btn-drop = ✖️ Don't add
stray-file-dropped = The file was not added to any ticket.
stray-file-gone = This file was already added or forgotten. Send it again.
stray-file-no-tickets = 📎 You have no open tickets to add a file to. To add it to another ticket, open it and press “💬 Comment”.
