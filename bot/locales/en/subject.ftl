## Subject requests (152-FZ): find a person, export what is held about them, erase it
cmd-subject = Data subject requests
menu-subject = 👤 Data subject requests
subject-ask =
    <b>Data subject request</b>
    Send a resident's phone (any format, e.g. 8 921 555-01-01) or a surname and first name: a resident from tickets or a staff member.
subject-bad-query = I did not understand. Send a phone (at least 10 digits) or a surname and first name, e.g. Ivanova Maria.
subject-nothing-found = Nobody found. Check the phone or the surname and send it again.
subject-found =
    <b>Found</b>: { $tickets ->
        [0] no tickets
        [one] { $tickets } ticket (No. { $numbers })
       *[other] { $tickets } tickets (No. { $numbers })
    }, staff member: { $staff ->
        [0] none
       *[other] { $staff }, choose below
    }.
subject-found-calls = Calls from this number: { $calls }.
subject-found-resident = The buttons below are for the resident of these tickets and calls.
subject-staff-card =
    <b>Staff member No. { $id }</b>: { $name }
    { $active ->
        [yes] Access is active: their data can be erased only after deactivation (Staff).
       *[no] Access is off.
    }
subject-btn-export = ⬇️ Download everything (.zip)
subject-btn-erase = 🗑 Erase data
subject-btn-staff = 👤 { $name }
subject-btn-again = 🔎 Another request
subject-btn-confirm = ✅ Yes, erase
subject-confirm-resident =
    <b>Erase the resident's personal data?</b>
    { $numbers ->
        [none] No tickets hold these data.
       *[other] In tickets No. { $numbers }
    } the name, phone, address and flat become “[удалено]”; files, comments and mentions in the bot's messages are removed. Calls from their number are deleted. Numbers, categories, stages and times stay: reports do not change. This cannot be undone.
subject-confirm-staff =
    <b>Erase the personal data of staff member No. { $id }?</b>
    The name becomes “{ $pseudonym }”, phone, position and Telegram are wiped, access requests and invitation traces removed. Ticket history shows the pseudonym. This cannot be undone.
subject-still-active = Staff member No. { $id } still has access. Deactivate them in Staff first, then erase again.
subject-erased-resident = 🗑 The resident's data is erased: tickets { $tickets }, values { $fields }, files { $files }, texts { $texts }, messages { $messages }, calls { $calls }. A destruction record was written.
subject-erased-staff = 🗑 The data of staff member No. { $id } is erased: now “{ $pseudonym }”. Records changed: { $records }, messages: { $messages }. A destruction record was written.
subject-erase-noop = Nothing to erase: this data is already gone, nothing changed.
subject-exporting = Building the export…
subject-export-caption = Data subject export: { $records } records, { $files } files.
subject-export-missing = Files that could not be downloaded: { $count } (listed in the export).
subject-gone = This person is no longer listed. Start the request again: /subject
subject-pseudonym = Сотрудник №{ $id }
## The export workbook
subject-sheet-summary = Request
subject-sheet-fields = Field values
subject-sheet-tickets = Tickets
subject-sheet-events = History
subject-sheet-attachments = Files
subject-sheet-audit = Audit log
subject-sheet-messages = Bot messages
subject-sheet-states = Dialogue states
subject-sheet-person = Staff member
subject-sheet-calls = Calls
subject-col-what = What
subject-col-value = Value
subject-row-kind = Subject
subject-row-exported = Exported (UTC)
subject-row-person = Staff member No.
subject-row-tickets = Tickets No.
subject-row-calls = Calls
subject-row-files = Files
subject-kind-resident = resident (applicant)
subject-kind-staff = staff member
