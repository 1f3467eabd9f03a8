## Outgoing webhooks (/webhooks, «🔗 Webhooks») and telephony calls. Ids start with "webhooks-".

menu-webhooks = 🔗 Webhooks
cmd-webhooks = Webhooks: ticket events to other systems

webhooks-list-title = 🔗 <b>Webhooks</b> — ticket events go to other systems (POST, JSON, HMAC-SHA256 signature).
webhooks-list-empty = No endpoints yet. Press «➕ Add».
webhooks-row = { $state } <b>No. { $id }</b> { $url }
webhooks-btn-add = ➕ Add
webhooks-btn-endpoint = { $state } No. { $id }
webhooks-btn-back = ⬅️ Back
webhooks-btn-cancel = ✖️ Cancel
webhooks-gone = This webhook no longer exists. Open the list again: /webhooks

webhooks-endpoint = 🔗 <b>Webhook No. { $id }</b>
    URL: { $url }
    State: { $state }
    Events: { $types }
    Failed attempts in a row: { $failures }
webhooks-state-on = ✅ on
webhooks-state-off = ⏸ switched off by an administrator
webhooks-state-failed = ⛔ switched off after failed deliveries
webhooks-no-types = none
webhooks-btn-enable = ▶️ Switch on
webhooks-btn-disable = ⏸ Switch off
webhooks-btn-log = 📜 Delivery log
webhooks-btn-delete = 🗑 Delete
webhooks-btn-delete-sure = 🗑 Yes, delete
webhooks-delete-ask = Delete webhook No. { $id }? Its unsent events are deleted too.
webhooks-deleted = 🗑 Webhook No. { $id } deleted.
webhooks-enabled = ▶️ Webhook No. { $id } is on: sending resumes, queued events included.
webhooks-disabled = ⏸ Webhook No. { $id } is off.

webhooks-ask-url = Step 1 of 3. Send the URL to post events to: http://… or https://…
    Cancel — /cancel.
webhooks-bad-url = This is not an http:// or https:// URL (no spaces, at most 500 characters). Send the URL again or /cancel.
webhooks-ask-secret = Step 2 of 3. The signing secret (HMAC-SHA256): press «🎲 Generate» or send your own — 16 to 200 characters, no spaces.
webhooks-btn-generate = 🎲 Generate
webhooks-bad-secret = The secret must be 16 to 200 characters without spaces. Send another one or press «🎲 Generate».
webhooks-ask-types = Step 3 of 3. Which events to send? Tick them and press «💾 Save».
webhooks-btn-type = { $mark } { $type }
webhooks-btn-save = 💾 Save
webhooks-pick-a-type = Tick at least one event.
webhooks-created = ✅ Webhook No. { $id } added: { $url }
    Secret to verify the signature (shown once, keep it):
    <code>{ $secret }</code>
webhooks-created-own-secret = ✅ Webhook No. { $id } added: { $url }
    Signed with your secret.
webhooks-expired = Adding is already finished or cancelled. Start again: /webhooks

webhooks-log-title = 📜 <b>Delivery log of webhook No. { $id }</b> (last { $count }):
webhooks-log-empty = No deliveries yet.
webhooks-log-row = { $status } { $time } · { $type } · No. { $number } · attempts: { $attempts } · HTTP { $code }
webhooks-log-delivered = ✅
webhooks-log-pending = ⏳
webhooks-log-failed = ❌
webhooks-log-no-code = —
webhooks-log-reason = { $error }
webhooks-log-no-connection = no connection
webhooks-log-timeout = no answer in time

webhooks-disabled-by-failures = ⛔ Webhook No. { $id } ({ $url }) is switched off: { $failures } failed deliveries in a row. Its events are kept; check the URL and switch it on again in /webhooks.

webhooks-call = 📞 Call: { $phone }
webhooks-call-line = Line: { $line }
webhooks-call-tickets = Tickets of this number:
webhooks-call-ticket = No. { $number } · { $stage } · { $subject }
webhooks-call-no-tickets = No tickets with this number.
webhooks-call-btn-create = 📝 Create a ticket
webhooks-call-gone = This call was not found.
webhooks-admins-only = Webhooks are set up by administrators only.
