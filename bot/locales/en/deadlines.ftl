## Deadlines: time left on the ticket card and lists
deadline-left = ⏳ { $days ->
        [0] { $hours ->
                [0] { $minutes } min
               *[other] { $hours } h { $minutes } min
            }
       *[other] { $days } d { $hours } h { $minutes } min
    } left
deadline-overdue = 🔥 overdue by { $days ->
        [0] { $hours ->
                [0] { $minutes } min
               *[other] { $hours } h { $minutes } min
            }
       *[other] { $days } d { $hours } h { $minutes } min
    }
deadline-paused = ⏸ clock stopped

## Deadlines: notifications
deadline-warning = ⏳ Ticket #{ $number } “{ $subject }”: the “{ $stage }” stage is due { $deadline }.
deadline-breached = 🔥 Ticket #{ $number } “{ $subject }”: the “{ $stage }” stage was due { $deadline }. Executor: { $executor }.
deadline-ticket-breached = 🔥 Ticket #{ $number } “{ $subject }”: the ticket was due { $deadline }. Stage: “{ $stage }”, executor: { $executor }.
deadline-escalated = 🚨 Escalation (step { $step }): ticket #{ $number } “{ $subject }” overdue in the “{ $stage }” stage since { $deadline }. Executor: { $executor }.
deadline-no-executor = not assigned
