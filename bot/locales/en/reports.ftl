## Reports: files (sheet names, column titles, chart)
report-none = (not set)
report-sheet-summary = Summary
report-sheet-categories = By category
report-sheet-priorities = By priority
report-sheet-stages = By stage
report-sheet-executors = Executors
report-chart-title = Tickets for { $period }
report-col-figure = Figure
report-col-value = Value
report-col-category = Category
report-col-priority = Priority
report-col-stage = Stage
report-col-executor = Executor
report-col-created = Created
report-col-closed = Closed
report-col-open = Open
report-col-overdue = Overdue in the period
report-col-visits = Finished stays
report-col-avg-calendar = Average, h
report-col-median-calendar = Median, h
report-col-avg-working = Average working, h
report-col-median-working = Median working, h
report-col-total-hours = Total, h
report-col-compliance = On time
report-col-on-time = On time
report-col-returns = Returns
report-col-confirmed = Confirmed by author
report-col-auto-confirmed = Auto-confirmed
report-col-score = Score
report-fig-period = Period
report-fig-created = Tickets created
report-fig-closed = Tickets closed
report-fig-open = Open at the end of the period
report-fig-overdue = Overdue during the period (tickets)
report-fig-avg-calendar = Average processing time, h
report-fig-median-calendar = Median processing time, h
report-fig-avg-working = Average processing time (working), h
report-fig-median-working = Median processing time (working), h
report-fig-score = Executor score formula
report-score-formula = 100 × (0.5 × stages on time + 0.3 × confirmed by author + 0.2 × (1 − min(1, returns / closed)))

## Reports: the message
report-message =
    📊 <b>Report for { $period }</b>
    Created: { $created }, closed: { $closed }
    Open at the end: { $open }
    Overdue during the period: { $overdue }
    { $timed ->
        [yes] Processing time: average { $avg } h, median { $median } h{ $working ->
            [yes] {" "}(working: { $avg_working } h and { $median_working } h)
           *[no] {""}
        }
       *[no] Processing time: no data — no ticket was closed in the period
    }
    Stages on time: { $limited ->
        [yes] { $compliance } %
       *[no] no data — no stage with a limit was finished
    }
    Details are in the file and the chart.
report-file-caption = Report for { $period } (.xlsx)
report-photo-caption = Chart for { $period }
report-scheduled-title = Scheduled report “{ $name }”

## Export
export-sheet = Tickets
export-file-caption = Tickets for { $period }: { $count }
export-col-number = #
export-col-created = Created
export-col-stage = Stage
export-col-category = Category
export-col-priority = Priority
export-col-subject = Subject
export-col-author = Author
export-col-assignee = Executor
export-col-stage-deadline = Stage due
export-col-stage-breached = Stage overdue
export-col-deadline = Ticket due
export-col-breached = Ticket overdue
export-col-closed = Closed
export-col-outcome = Outcome
export-outcome-done = Done
export-outcome-rejected = Rejected
export-outcome-transferred = Transferred

## Reports: menu, command and the period picker
menu-reports = 📊 Reports
cmd-report = Report for a period
report-choose = 📊 A report or a ticket export: choose the period.
report-btn-yesterday = Yesterday
report-btn-today = Today
report-btn-week = Last week
report-btn-month = Last month
report-btn-this-month = This month
report-btn-custom = 📅 Choose dates
report-btn-mode-report = 📊 Report
report-btn-mode-export = 📥 Ticket export
report-mode-report = Now: report. Press “📥 Ticket export” for a file with every ticket.
report-mode-export = Now: ticket export (every field, .xlsx).
report-pick-start = 📅 Choose the first day of the period.
report-pick-end = 📅 First day: { $first }. Choose the last day of the period.
report-building = ⏳ Preparing the file…
menu-export = 📥 Ticket export
cmd-export = Ticket export for a period
