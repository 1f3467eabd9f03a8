## Dispatch board: the web page (/board/app in Telegram, /board/s/<token> on a wall screen)
## and the admins' links in the bot (/board, «🖥 Board»). Ids start with "board-".

board-title = Dispatch: open requests
board-title-short = Board
board-open-total = Open: { $count }
board-today = Today
board-today-created = created
board-today-closed = closed
board-today-overdue = overdue
board-emergencies = 🚨 Emergencies
board-unassigned = Unassigned
board-overdue = Overdue
board-executors = Executors
board-stages = By stage
board-more = …and { $count } more — see the stage columns
board-none = none
board-number = No. { $number }
board-no-limit = no limit
board-left = left
board-overdue-by = overdue by
board-limit-norm = norm
board-limit-stage = stage limit
board-no-assignee = unassigned
board-shift-on = on shift
board-shift-off = off shift
board-load = { $count ->
        [one] { $count } request
       *[other] { $count } requests
    }
board-filter-category = Category
board-filter-house = House
board-filter-executor = Executor
board-filter-all = all
board-filter-apply = Show
board-filter-reset = Reset
board-filtered = Filtered view.
board-live = live
board-offline = offline, reconnecting…
board-read-only = Read only
board-updated = Updated { $at }
board-loading = Loading…
board-open-in-telegram = Open the board from Telegram: the bot's menu button «Board».
board-error = Could not load the board. Close it and open it again from Telegram.
board-denied = The board is for operators, managers and admins.
board-unauthorized = The link is invalid or revoked. Ask an admin for a new one.
board-back = ← Back to the board
board-take = ✋ Take it
board-assign = 👤 Assign…
board-assign-to = Assign
board-assign-choose = Choose an executor
board-taken-ok = Request No. { $number } is yours.
board-assigned-ok = Request No. { $number } assigned: { $name }.
board-no-actions = No other actions here — open it in the bot.
board-pick-label = { $name } · open: { $load } · { $available ->
        [yes] on shift
       *[no] off shift
    }

## In the bot: the admins' wall-screen links
menu-board = 🖥 Board
cmd-board = Board: links for the control-room screen
board-menu-button = Board
board-links-title = 🖥 <b>Control-room board</b>
    A link opens the board in the wall screen's browser: read only, without residents' names or phones. Open it and go full screen (F11).
board-links-count = Active links: { $count }.
board-links-item = Link No. { $id } · created { $at } · last opened { $used }
board-link-new = ➕ New link
board-link-revoke = 🗑 Revoke link No. { $id }
board-link-created = 🖥 New board link (No. { $id }):
    { $url }

    It is shown once: save it now. Whoever knows the link sees the board; revoke it if it went astray.
board-link-revoke-ask = Revoke link No. { $id }? Screens using it will stop showing the board.
board-link-revoke-yes = 🗑 Yes, revoke
board-link-revoke-no = ↩️ No, keep it
board-link-revoked = Link No. { $id } revoked.
board-link-gone = This link is gone. Open /board again.
board-links-admins-only = Board links are made by admins.
board-btn-close = ✖️ Close
board-link-forgotten = 🖥 The board link was shown here once and is no longer stored.
