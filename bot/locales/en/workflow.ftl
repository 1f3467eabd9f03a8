# Workflow: stage transitions, assignment, the stage-set file. Ids start with "wf-".
# Stage names themselves are configured data and come in the arguments.

## Buttons (available actions)

wf-action-move = ➡️ { $stage }
wf-action-skip = ⏭ { $stage } (skip: { $skipped })
wf-action-finish = ✅ Finish
wf-action-confirm = 👍 Confirm
wf-action-return = ↩️ Return to work
wf-action-reopen = 🔄 Reopen
wf-action-close = ✅ Close
wf-action-reject = ⛔ Reject
wf-action-transfer = 📤 Transfer to another department

## Why a transition was refused

wf-deny-stale = The ticket has moved on: it is now at “{ $stage }”. Refresh the card.
wf-deny-unknown-stage = There is no stage “{ $stage }” in the current workflow.
wf-deny-same-stage = The ticket is already at “{ $stage }”.
wf-deny-terminal = The ticket is at the final stage “{ $stage }” and cannot move.
wf-deny-not-allowed = A ticket cannot go from “{ $source }” to “{ $target }”.
wf-deny-not-executor = You are no longer an executor: the ticket is moved by an executor or a manager. If this is a mistake, contact an administrator.
wf-deny-not-assignee = Only the ticket's executor or a manager can move it.
wf-deny-not-author = Only the ticket's author or a manager can confirm or return it.
wf-deny-unassigned = The ticket has no executor: only a manager can move it.
wf-deny-needs-assignee = The stage “{ $stage }” needs an executor.
wf-deny-needs-report = The stage “{ $stage }” needs a completion report.
wf-deny-reopen-forbidden = Only the ticket's author or a manager can reopen it.
wf-deny-reopen-window = A ticket can be reopened only within { $days ->
        [one] { $days } day
       *[other] { $days } days
    } of closing.

## Assignment

wf-assign-nobody-fits = No available executor for the category “{ $category }”. Please assign one by hand.
wf-assign-nobody-fits-any = No available executor. Please assign one by hand.

## Workflow validation (stage keys as typed in the configuration)

wf-error-no-stages = The workflow has no stages.
wf-error-duplicate-key = The stage key “{ $stage }” is used more than once.
wf-error-unknown-initial = The initial stage “{ $stage }” does not exist.
wf-error-initial-terminal = The initial stage “{ $stage }” cannot be final.
wf-error-no-terminal = At least one final stage (with an outcome) is needed.
wf-error-terminal-has-next = The final stage “{ $stage }” cannot lead anywhere except by reopening.
wf-error-skip-rule-on-required = The stage “{ $stage }” is required, so it cannot have a skip rule.
wf-error-duplicate-target = The transition “{ $stage }” → “{ $target }” is listed twice.
wf-error-self-transition = The stage “{ $stage }” leads to itself.
wf-error-unknown-target = The stage “{ $stage }” refers to a stage “{ $target }” that does not exist.
wf-error-reopen-on-non-terminal = Only final stages have a reopening stage, and “{ $stage }” is not final.
wf-error-reopen-to-terminal = A reopened ticket cannot return to the final stage “{ $target }” (stage “{ $stage }”).
wf-error-unreachable = The stage “{ $stage }” cannot be reached from the initial stage.
wf-error-dead-end = From the stage “{ $stage }” no final stage can be reached.
wf-error-config-field = Stage #{ $index }, field “{ $field }”: { $detail }

## Importing the stage-set file

wf-import-not-xlsx = This is not an Excel (.xlsx) file.
wf-import-no-header = No header row found (looking for the column “{ $column }” in the first rows).
wf-import-missing-column = The required column “{ $column }” is missing.
wf-import-empty = The file has no stages.
wf-import-too-many = Row { $row }: too many stages, at most { $max }.
wf-import-required-value = Row { $row }, “{ $column }”: a value is required.
wf-import-bad-key = Row { $row }, “{ $column }”: “{ $value }” is not a stage key (lowercase Latin letters, digits and “_”, starting with a letter).
wf-import-bad-bool = Row { $row }, “{ $column }”: “{ $value }” — expected yes or no.
wf-import-bad-number = Row { $row }, “{ $column }”: “{ $value }” — expected a whole number of at least { $minimum }.
wf-import-bad-choice = Row { $row }, “{ $column }”: “{ $value }” — allowed: { $allowed }.
wf-import-too-long = Row { $row }, “{ $column }”: at most { $max } characters.
wf-import-mode-without-limit = Row { $row }, “{ $column }”: a mode is given but no limit in minutes.
wf-import-duplicate-key = Row { $row }, “{ $column }”: the key “{ $key }” is already used in row { $first }.
wf-import-invalid = Row { $row }: { $detail }

## Preview of changes

wf-diff-none = No changes.
wf-diff-added = ➕ New stage “{ $name }” ({ $stage })
wf-diff-removed = ➖ Removed stage “{ $name }” ({ $stage })
wf-diff-initial = Initial stage: “{ $old }” → “{ $new }”
wf-diff-changed-name = “{ $stage }”: name “{ $old }” → “{ $new }”
wf-diff-changed-order = “{ $stage }”: order { $old } → { $new }
wf-diff-changed-required = “{ $stage }”: { $new ->
        [yes] now required
       *[no] now optional
    }
wf-diff-changed-next-stages = “{ $stage }”: next stages { $old } → { $new }
wf-diff-changed-outcome = “{ $stage }”: outcome { $old ->
        [done] done
        [rejected] rejected
        [transferred] transferred to another department
       *[none] none (not final)
    } → { $new ->
        [done] done
        [rejected] rejected
        [transferred] transferred to another department
       *[none] none (not final)
    }
wf-diff-changed-needs-assignee = “{ $stage }”: an executor is { $new ->
        [yes] now needed
       *[no] no longer needed
    }
wf-diff-changed-needs-report = “{ $stage }”: a report is { $new ->
        [yes] now needed
       *[no] no longer needed
    }
wf-diff-changed-needs-confirmation = “{ $stage }”: the author's confirmation is { $new ->
        [yes] now needed
       *[no] no longer needed
    }
wf-diff-changed-limit-minutes = “{ $stage }”: limit, min { $old } → { $new }
wf-diff-changed-limit-mode = “{ $stage }”: limit mode { $old ->
        [working] working time
        [calendar] calendar time
       *[none] not set
    } → { $new ->
        [working] working time
        [calendar] calendar time
       *[none] not set
    }
wf-diff-changed-pauses-clock = “{ $stage }”: { $new ->
        [yes] now pauses the clock
       *[no] no longer pauses the clock
    }
wf-diff-changed-reopen-to = “{ $stage }”: on reopening { $old } → { $new }
wf-diff-changed-skip-for-categories = “{ $stage }”: skipped for categories { $old } → { $new }
