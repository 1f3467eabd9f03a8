## The dispatcher's first day: a next step everywhere, help and access, plain Russian.
## Ids start with "dayone-".

dayone-start-contact = 📞 { $contact }
dayone-next-step = The ticket is saved. What next?
dayone-btn-another-ticket = 📝 Another ticket
dayone-draft-cancel-confirm = Cancel filling in? The entered data will not be saved.
dayone-btn-drop-draft = Yes, cancel
dayone-btn-keep-draft = Continue
dayone-draft-dropped = The ticket was not created; the entered data is deleted (fields filled: { $count }).
dayone-roles-changed = 🔄 Your roles were changed: { $roles }.
dayone-roles-removed = 🔄 Your roles were changed: you have no roles now. If this is a mistake, contact an administrator.
dayone-link-roles =
    Request No. { $id }: the Telegram account will be linked to the staff record: <b>{ $name }</b>.
    Tick the roles and press "Save".
dayone-invite-used = 🔗 Invitation used: { $name }
dayone-invite-all-confirm = Links sent earlier ({ $count }) will stop working. Continue?
dayone-btn-invite-all-go = Yes, issue new ones
dayone-invite-all-kept = No new links issued; the links sent earlier keep working.
