## Retention of personal data (152-ФЗ): /retention and the menu entry, the acts workbook.

retention-menu = 🗑 Retention and destruction records
cmd-retention = Personal data retention and destruction records
retention-title = <b>🗑 Personal data retention</b>
retention-periods =
    Ticket data (name, phone, address, flat, files, comments) of closed tickets: { $tickets } days after closing, then anonymised; number, category, stages and times stay for reports.
    Uploaded staff lists: { $uploads } days.
    Abandoned ticket drafts: { $drafts } days.
    Undelivered messages: { $outbox } days.
    Rejected access requests: { $requests } days.
    Audit log: { $audit } days.
retention-schedule = Checked every day at { $time }.
retention-last-run = Last run: { $at }
retention-never-run = It has not run yet.
retention-acts-count = Destruction records: { $count }
retention-btn-acts = 📥 Records (.xlsx)
retention-btn-close = ✖️ Close
retention-no-acts = No records yet: nothing has been anonymised or deleted.
retention-admins-only = Retention and destruction records are for administrators only.
retention-xlsx-filename = destruction-records.xlsx
retention-xlsx-caption = Personal data destruction records: { $count }
retention-sheet-acts = Records
retention-sheet-tickets = Tickets
retention-col-act = Record
retention-col-date = Date
retention-col-kind = Reason
retention-col-actor = By
retention-col-category = What was destroyed
retention-col-count = How many
retention-col-people = People (ids)
retention-col-ticket = Ticket no.
retention-kind-retention = Retention period over
retention-kind-erasure = Subject's request
retention-actor-system = System
retention-category-ticket_personal_data = Ticket personal data (anonymised)
retention-category-ticket_files = Ticket files
retention-category-staff_uploads = Uploaded staff lists
retention-category-drafts = Abandoned drafts
retention-category-sent_messages = Delivered messages
retention-category-failed_outbox = Undelivered messages
retention-category-access_requests = Rejected access requests
retention-category-audit_log = Audit log entries
retention-category-person = A person's data
retention-category-calls = Call records
