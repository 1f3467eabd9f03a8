## Start-up (one line on the console)
cli-no-token = The bot token is not set. Get one from @BotFather (/newbot) and put it in config.toml under [telegram] (token = "...") or in the HELPDESK_TELEGRAM__TOKEN environment variable.
cli-bad-config = Configuration error: { $key }: { $problem }. Fix config.toml or the HELPDESK_{ $env } environment variable.
cli-bad-toml = The settings file { $path } is not valid TOML: { $problem }.
cli-db-unavailable = The database is unreachable ({ $url }): { $problem }. Check [database] url and that the server runs.
cli-token-rejected = Telegram rejected the bot token. Check [telegram] token (HELPDESK_TELEGRAM__TOKEN) with @BotFather.
cli-api-unreachable = The Bot API server is unreachable ({ $url }): { $problem }. Check [telegram] api_base and the network.
cli-started = Bot @{ $username } is running ({ $mode }). Stop with Ctrl+C.
cli-webhook-port-busy = Cannot open { $host }:{ $port } for the webhook: { $problem }.

role-operator = Operator
role-executor = Executor
role-manager = Manager
role-admin = Administrator

btn-back = ◀️ Back
btn-cancel = ✖️ Cancel
btn-save = 💾 Save
btn-menu = 🏠 Menu

cmd-start = Main menu
cmd-help = Help: your commands
cmd-cancel = Cancelling the current action
cmd-requests = Access requests

start-unknown =
    Hello! This is the { $company } service desk.
    To use the bot, request access; an administrator will confirm it.
start-request-button = 🔑 Request access
start-request-pending = Your access request is with the administrators. I will tell you once it is decided.
start-menu =
    Hello, { $name }!
    Your roles: { $roles }.
    Choose an action:
start-menu-empty = There are no menu actions for your roles yet.
menu-requests = 🔑 Access requests
help-text =
    This is the { $company } service desk in Telegram. Your commands:
    { $commands }
    If something goes wrong, press /start.

access-requested = Your request was sent to the administrators. I will tell you once it is decided.
access-request-for-admin =
    🔑 <b>Access request</b> No. { $id }
    Telegram name: { $name }
    Username: { $username }
    Telegram ID: <code>{ $telegram_id }</code>
access-approve-button = ✅ Approve
access-reject-button = ❌ Reject
access-choose-roles =
    Choose roles for <b>{ $name }</b> (request No. { $id }) and press “Save”.
access-choose-at-least-one = Choose at least one role.
access-approved-admin = ✅ Request No. { $id } approved. Roles: { $roles }.
access-rejected-admin = ❌ Request No. { $id } rejected.
access-already-decided = Request No. { $id } has already been decided.
access-not-found = Request not found.
access-approved-user =
    ✅ Access granted. Your roles: { $roles }.
    Choose an action:
access-rejected-user = Sorry, access was refused. If this is a mistake, contact an administrator.
access-no-pending = No new access requests.
access-pending-list = Access requests awaiting a decision:
access-pending-item = No. { $id }: { $name } ({ $username })
access-deactivated = Your access is disabled. Contact an administrator.
no-username = no username

cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel. Open the menu: /start
no-rights = You have no rights for this action. Open the menu: /start
unknown-message = I did not understand the message. Open the menu: /start
unknown-button = This button is outdated. Open the menu: /start
stale-dialog = This menu is outdated. Open it again: /start
dialog-not-allowed = This menu is no longer available to you: your roles have changed. It has been closed. Open the menu: /start
error-internal = ⚠️ The action could not be done; nothing was changed. Try again; if it happens again, give the administrator the code { $code }.
cli-needed-for-webhook = Webhook mode needs { $key }: set it in config.toml or in the HELPDESK_{ $env } environment variable.
cli-workers-need-postgres = [api] workers = { $workers } needs PostgreSQL ([database] url = postgresql+asyncpg://...): SQLite serves one process. Set workers = 1 or move to PostgreSQL (HELPDESK_API__WORKERS, HELPDESK_DATABASE__URL).
menu-admin-tools = 🛡 Administration and PD
menu-admin-tools-title =
    <b>🛡 Administration and personal data</b>
    Integrations, the board, the audit log, data subject requests, retention.
