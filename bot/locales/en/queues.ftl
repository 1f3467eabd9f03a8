## Managers' queues: «📋 Queues» and /queues; buttons on deadline notices. Ids start with "queues-".

menu-queues = 📋 Queues
cmd-queues = Ticket queues: unassigned, overdue…

queues-title = 📋 <b>Ticket queues</b>
    Choose a queue; the number in brackets is how many tickets it holds now.
queues-name-unassigned = Unassigned
queues-name-open = Open
queues-name-overdue = Overdue
queues-name-confirm = Awaiting confirmation
queues-btn-queue = { $name } ({ $count })

## A queue's page
queues-list-title = 📋 <b>{ $name }</b>: { $count } · Page { $page } of { $pages }
queues-list-empty = This queue has no tickets now.
queues-list-empty-filtered = No tickets match the chosen filters. Choose «all» with the buttons below.
queues-list-hint = Tap a ticket to open its card.
queues-row = { $overdue ->
        [yes] ⚠️{" "}
       *[no] {""}
    }<b>No. { $number }</b> · { $place } · { $stage } · { $priority } · { $deadline }
queues-row-button = { $overdue ->
        [yes] ⚠️{" "}
       *[no] {""}
    }No. { $number } · { $place }
queues-deadline = due { $at }
queues-no-deadline = no deadline
queues-no-value = —
queues-btn-category = Category: { $category }
queues-btn-executor = Executor: { $executor }
queues-filter-all = all
queues-btn-to-queues = ◀️ To the queues
queues-btn-close = ✖️ Close

## Choosing a filter
queues-choose-category = Choose a category (tickets in the queue in brackets):
queues-choose-executor = Choose an executor (tickets in the queue in brackets):
queues-choice-none = The queue has no tickets to choose by.
queues-choice = { $name } ({ $count })
queues-all-categories = All categories
queues-all-executors = All executors
queues-choice-gone = The queue no longer has such tickets. Choose from the updated list.
queues-unknown-queue = There is no such queue. Choose one from the list.

## Buttons on deadline warnings and breaches
queues-notice-open = 📄 Open
queues-notice-assign = 👤 Assign
