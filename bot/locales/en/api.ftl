# Integration API: errors of values sent to POST /api/v1/tickets
api-error-unknown-field = The ticket form has no such field.
api-error-field-not-asked = This field is not filled in given the other answers.
api-error-required = A required field: give a value.
api-error-attachments = Files cannot be sent through the API.
api-error-type = A string or a number is expected.

# Keys in the bot: /api_keys and «🗝 API keys»
api-menu = 🗝 API keys
cmd-api_keys = API keys for integrations
api-scope-read = Read (read)
api-scope-create = Create tickets (create)
api-scope-comment = Comments (comment)
api-keys-title = <b>🗝 API keys</b> — for telephony, CRM and the website. Send the key as <code>Authorization: Bearer …</code>; the API is described at /api/docs on the server.
api-keys-empty = No keys yet.
api-keys-line =
    • <b>{ $name }</b> — <code>{ $prefix }…</code>
      Scopes: { $scopes }. Created { $created }, last call: { $used }
api-keys-line-revoked =
    • <s>{ $name }</s> — <code>{ $prefix }…</code> — revoked
      Scopes: { $scopes }. Created { $created }, last call: { $used }
api-keys-btn-new = ➕ New key
api-keys-btn-revoke = 🚫 Revoke: { $name } ({ $prefix })
api-keys-btn-create = ✅ Create the key
api-keys-btn-confirm-revoke = 🚫 Yes, revoke
api-keys-ask-name = What is the key for? E.g. PBX, website, CRM. /cancel to stop.
api-keys-bad-name = Write the key's name as text, up to { $limit } characters. /cancel to stop.
api-keys-ask-scopes = Key «{ $name }». Tick what it may do and press «✅ Create the key».
api-keys-no-scopes = Tick at least one scope.
api-keys-stale = This button is out of date: open /api_keys again.
api-keys-created =
    ✅ Key «{ $name }» created. Scopes: { $scopes }.
    Copy it now — it will not be shown again:
    <code>{ $key }</code>
api-keys-confirm-revoke = Revoke key «{ $name }» (<code>{ $prefix }…</code>)? Requests with it are refused at once.
api-keys-revoked = 🚫 Key «{ $name }» (<code>{ $prefix }…</code>) revoked.
