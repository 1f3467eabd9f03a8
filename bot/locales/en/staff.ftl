## Staff: import, invitations, list and cards (handlers/staff_*.py)

menu-staff-upload = 📤 Upload executors
menu-staff = 👥 Staff
menu-shift = 🟢 My shift
cmd-staff = Staff: list, cards, roles
cmd-import = Executor list upload (.xlsx)
cmd-shift = My shift: on / off

## Import
staff-upload-help =
    📤 <b>Uploading the executor list</b>
    Send the export of the staff database here as an Excel file (.xlsx), as a document, not a photo.
    Columns needed: «Фамилия», «Имя», «Отчество», «Должность»; «Телефон» and «Telegram» are optional.
    Limits: up to { $limit_mb } MB, at most { $max_rows } rows.
    First I show what would change; nothing is written until you confirm.
staff-preview =
    📋 <b>Checking «{ $filename }»</b>
    To add: { $create }
    To update: { $update }
    Unchanged: { $unchanged }
    Rows with errors (skipped): { $errors }
staff-preview-errors-title = ⚠️ <b>Errors</b> ({ $count }):
staff-preview-missing-title = 🚪 <b>Not in the file</b> but active ({ $count }) — they can be deactivated:
staff-preview-inactive-title = 💤 <b>Deactivated</b> but in the file ({ $count }) — reactivate them from their cards:
staff-preview-person = • { $name } — { $position }
staff-preview-more = … and { $count } more
staff-preview-confirm = Press «Import» to apply the changes, or «Cancel».{ $errors ->
        [0] {""}
       *[other] {" "}Rows with errors are skipped.
    }
staff-preview-confirm-missing-only = The file matches the list. To deactivate the people missing from it, press "⛔ Deactivate the missing", or "Cancel".
staff-preview-nothing = ✅ No changes: the staff list already matches the file.
staff-import-button = ✅ Import
staff-deactivate-missing = ⛔ Deactivate the missing ({ $count })
staff-import-deactivate-button = ✅ Import and deactivate the missing ({ $count })
staff-errors-filename = { $stem } — errors.xlsx
staff-errors-caption = Rows with errors are marked in the «Ошибка» column ({ $count }). Fix them in this file and send the whole file again.
staff-import-done = ✅ Import done. Added: { $created }, updated: { $updated }, deactivated: { $deactivated }.
staff-import-stale = The staff list changed after the check, so this check is out of date and nothing was written. A new check of the same file follows.
staff-import-cancelled = Import cancelled, nothing changed.
staff-import-not-found = Upload not found. Send the file again.
staff-import-already-applied = This file has already been imported; nothing changes again.
staff-import-was-cancelled = The import of this file was cancelled. Send the file again to import it.
staff-btn-open-ticket = 📄 No. { $number }
staff-deactivated-open-tickets =
    ⚠️ <b>{ $name }</b> was deactivated and has { $count } open tickets ({ $numbers }).
    Open a ticket and press «👤 Assign» to give it to another executor.

## Invitations
staff-invite-linked =
    ✅ Done! Your Telegram is linked to the record <b>{ $name }</b>.
    Your roles: { $roles }.
staff-invite-already-yours = You have already used this link — your Telegram is linked. Open the menu: /start
staff-invite-invalid = The invitation link is unknown or damaged. Ask an administrator for a new one.
staff-invite-used = This invitation link has already been used. If it was not you, tell an administrator and ask for a new link.
staff-invite-expired = The invitation link has expired. Ask an administrator for a new one.
staff-invite-account-taken = Your Telegram is already linked to another staff member, so this link cannot be used. Contact an administrator.
staff-invite-person-taken = Another Telegram account is already linked to this staff record. Contact an administrator.
staff-invite-inactive = This staff record is deactivated. Contact an administrator.
staff-invite-not-pending = The request has already been decided.
staff-invite-not-needed = No invitation needed: the person is deactivated or already linked to Telegram.
staff-invite-one =
    🔗 Invitation for <b>{ $name }</b> (valid { $days } days, works once):
    { $url }
    Forward the link to them: opening it brings them into the bot under their record.
staff-invite-all-none = Every active staff member is already linked to Telegram — no invitations needed.
staff-invite-all-caption = 🔗 Invitations for { $count } people without Telegram. Each link is personal, works once and is valid { $days } days. Their earlier unused links no longer work.
staff-links-col-name = Full name
staff-links-col-position = Position
staff-links-col-link = Link
staff-links-sheet = Invitations
staff-links-filename = Invitations.xlsx

## Linking an access request to a staff record
staff-link-button = 🔗 Link to a staff record
staff-link-prompt =
    Request № { $id }: type the start of the surname of the staff member to link this Telegram to.
    Only active people without Telegram are shown.
staff-link-nothing = Nobody found for «{ $surname }». Try another surname.
staff-link-done = ✅ Request № { $id } approved: Telegram linked to { $name }.
staff-link-user =
    ✅ Access granted. Staff record: <b>{ $name }</b>. Your roles: { $roles }.
    Choose an action:

## Staff list
staff-filter-any = Any
staff-role-none = no roles
staff-list =
    👥 <b>Staff</b>: { $total } (page { $page } of { $pages })
    Surname: { $surname } · Position: { $position } · Role: { $role }
    Telegram: { $linked ->
        [yes] linked
        [no] not linked
       *[all] all
    } · Status: { $active ->
        [yes] active
        [no] deactivated
       *[all] all
    }
    Press a person to open their card.
staff-btn-search = 🔍 Search by surname
staff-btn-filters = ⚙️ Filters
staff-btn-export = 📤 Export to Excel
staff-btn-invite-all = 🔗 Invitations for everyone without Telegram
staff-btn-close = ✖️ Close
staff-search-prompt = Type the start of a surname (now: { $surname }).
staff-btn-clear-search = 🧹 Clear search
staff-filters = ⚙️ <b>Filters</b>. Press a filter to change it, then «Show».
staff-filter-position-btn = Position: { $position }
staff-filter-role-btn = Role: { $role }
staff-filter-linked-btn = Telegram: { $linked ->
        [yes] linked
        [no] not linked
       *[all] all
    }
staff-filter-active-btn = Status: { $active ->
        [yes] active
        [no] deactivated
       *[all] all
    }
staff-btn-reset = 🧹 Reset filters
staff-btn-show = 👥 Show
staff-choose-position = Choose a position:
staff-choose-role = Choose a role:

## Person card
staff-card =
    👤 <b>{ $name }</b>
    Position: { $position }
    Phone: { $phone }
    Roles: { $person_roles }
    Telegram: { $linked ->
        [yes] linked
       *[no] not linked
    }
    Status: { $active ->
        [yes] active
       *[no] deactivated
    }
    Shift: { $available ->
        [yes] on shift
       *[no] off shift
    }
    Open tickets: { $open_tickets }
staff-not-found = Person not found. Go back to the list.
staff-btn-roles = 🎭 Roles
staff-btn-shift = { $available ->
        [yes] ⚪ Take off shift
       *[no] 🟢 Put on shift
    }
staff-btn-invite = 🔗 Invitation link
staff-btn-deactivate = ⛔ Deactivate
staff-btn-reactivate = ✅ Reactivate
staff-btn-deactivate-yes = ⛔ Yes, deactivate
staff-roles-choose = Roles of <b>{ $name }</b>: tick the ones needed and press «Save».
staff-roles-self = You cannot remove the administrator role from yourself.
staff-saved = Saved.
staff-deactivate-confirm =
    Deactivate <b>{ $name }</b>? Their access ends at once.
    Open tickets: { $open_tickets } — managers get the list to reassign them.
staff-deactivate-self = You cannot deactivate yourself.
staff-deactivated = Deactivated.
staff-reactivated = Active again.
staff-shift-now = { $available ->
        [yes] Now on shift.
       *[no] Now off shift.
    }

## Export
staff-export-col-roles = Roles
staff-export-col-status = Status
staff-export-col-linked = Telegram linked
staff-export-status = { $active ->
        [yes] active
       *[no] deactivated
    }
staff-export-linked = { $linked ->
        [yes] yes
       *[no] no
    }
staff-export-sheet = Staff
staff-export-filename = Staff.xlsx
staff-export-caption = 📤 Staff list: { $count }. The first columns are those of the upload file.

## Own shift (executors)
staff-shift-status = { $available ->
        [yes] 🟢 You are <b>on shift</b>: new tickets may be assigned to you automatically.
       *[no] ⚪ You are <b>off shift</b>: no tickets are assigned to you automatically.
    }
staff-shift-toggle = { $available ->
        [yes] ⚪ Go off shift
       *[no] 🟢 Go on shift
    }

## Command line (python -m bot import-executors)
staff-cli-dry-run = Dry run (--dry-run): nothing was written. Run without --dry-run to import.
staff-cli-no-file = Cannot open { $path }: { $problem }. Check the path.
