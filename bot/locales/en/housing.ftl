# The housing company's norms (Decree No. 416), the desired time check and the registration journal.

deadline-norm = norm: { $hours ->
        [0] { $minutes } min
       *[other] { $minutes ->
            [0] { $hours } h
           *[other] { $hours } h { $minutes } min
        }
    }{ $windowed ->
        [yes] , from { $from } to { $to }
       *[no] {""}
    }{ $has_basis ->
        [yes] {" "}({ $basis })
       *[no] {""}
    }
ticket-card-norm-deadline = ⏱ Due by the norm: { $at } — { $norm }
ticket-card-norm = ⏱ { $norm }


journal-btn-mode = 📒 Registration journal
journal-mode = Now: the registration journal (.xlsx): registration date and time, number, address, resident, fault, executor, completion.
journal-caption = Registration journal { $period }
journal-sheet = Journal
journal-col-registered = Registered
journal-col-number = Ticket No.
journal-col-address = Address
journal-col-resident = Resident
journal-col-phone = Resident's phone
journal-col-fault = Fault
journal-col-executor = Executor
journal-col-completed = Completed
journal-col-mark = Mark of completion
journal-flat = flat { $flat }
journal-mark-done-confirmed = Done, confirmed by the resident
journal-mark-done-auto-confirmed = Done, confirmed automatically
