## The dispatcher's day: lists, notices, input kept, settings in people's words

daily-assigned-waiting = 📌 Ticket No. { $number }. Assigned: { $name }, waiting for acceptance.
daily-btn-open = 📄 Open
daily-btn-keep = ✔️ Keep as is
