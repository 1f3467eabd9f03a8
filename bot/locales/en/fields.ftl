## Ticket fields: input errors, value display, field-set checks, the field-set file and its diff.

field-step = Step { $number } of { $total }

## Input errors: what is expected, shown before the same field is asked again.

field-error-empty = The value is empty. Type some text, or press "Skip" if the field is optional.
field-error-text-too-short = Too short: at least { $min } { $min ->
    [one] character
   *[other] characters
} needed.
field-error-text-too-long = Too long: { $length } characters, at most { $max } allowed.
field-error-text-pattern = The value does not match the expected format. { $hint }
field-error-number = A number is expected, e.g. 15 or 2.5.
field-error-number-whole = A whole number is expected, e.g. 15.
field-error-number-integer = A whole number is expected, without a fraction.
field-error-number-min = The number must be at least { $min }.
field-error-number-max = The number must be at most { $max }.
field-error-phone = This does not look like a phone number. Type e.g. 8 921 555-01-01 or +7 921 555-01-01; for other countries start with "+" and the country code.
field-error-date = I can't read the date. Type e.g. 27.11.2026, 27.11, "27 ноября" or "завтра".
field-error-date-nonexistent = There is no such date: { $value }. Check the day and month and type the date again, e.g. 27.11.2026.
field-error-date-min = The date must not be earlier than { $min }.
field-error-date-max = The date must not be later than { $max }.
field-error-datetime = I can't read the date and time. Type e.g. 27.11.2026 14:30 or "завтра 10:00".
field-error-datetime-time = Add the time after the date, e.g. 27.11 14:30.
field-error-time = There is no such time. Hours are 0 to 23, minutes 00 to 59, e.g. 14:30.
field-error-yes-no = Answer "yes" or "no", or press a button.
field-error-choice = Pick an option with a button, or type its number (1 to { $count }) or name.
field-error-multi-choice = Tick options with the buttons, or list their numbers (1 to { $count }) separated by commas.
field-error-multi-choice-empty = Tick at least one option, then press "Done".
field-error-attachments-text = Files are expected here: send a photo or a document, then press "Done".
field-error-attachments-empty = Send at least one file, then press "Done".
field-error-attachments-too-few = At least { $min } { $min ->
    [one] file is
   *[other] files are
} needed.
field-error-attachments-too-many = At most { $max } { $max ->
    [one] file
   *[other] files
} can be attached.
field-error-attachment-too-big = The file is larger than { $limit_mb } MB, so the bot cannot receive it. Compress it or send a link as text.

## Values on the summary and ticket cards.

field-display-empty = —
field-display-yes = yes
field-display-no = no
field-display-number = { $value }
field-display-attachments = { $count } { $count ->
    [one] file
   *[other] files
}

## Field types, for the settings screens.

field-type-name-text = Line of text
field-type-name-long_text = Long text
field-type-name-number = Number
field-type-name-phone = Phone
field-type-name-date = Date
field-type-name-datetime = Date and time
field-type-name-choice = Single choice
field-type-name-multi_choice = Multiple choice
field-type-name-yes_no = Yes/no
field-type-name-attachments = Attachments

## Problems in one field definition (settings, config, the field-set file).

field-def-error-missing = A value is required.
field-def-error-invalid = Invalid value.
field-def-error-too-long = The value is too long: at most { $max } characters.
field-def-error-key = A key is lowercase Latin letters, digits and "_", starting with a letter (e.g. work_type).
field-def-error-type = Unknown type. Allowed: text, long_text, number, phone, date, datetime, choice, multi_choice, yes_no, attachments.
field-def-error-yes-no = "yes" or "no" is expected.
field-def-error-integer = A whole number is expected.
field-def-error-negative = The number cannot be negative.
field-def-error-unknown-attribute = Unknown field attribute.
field-def-error-choice-label = An option must not contain ";" or be longer than { $limit } characters.
field-def-error-choice-duplicate = The option "{ $choice }" is listed twice.
field-def-error-choices-missing = A choice field needs its options, separated by ";".
field-def-error-choices-unexpected = Only choice fields (choice, multi_choice) have options.
field-def-error-bound = Minimum and maximum: numbers for number, dates or today for date and datetime, a number of files for attachments.
field-def-error-rule-unexpected = This rule does not apply to the field's type.
field-def-error-min-max = The minimum is greater than the maximum.
field-def-error-pattern = The pattern is not a valid regular expression.
field-def-error-condition-required = Only an optional field can have a display condition.
field-def-error-condition-self = A field cannot depend on itself.

## Problems in the field set as a whole.

field-set-error-duplicate-key = The key { $key } is already used by another field.
field-set-error-condition-unknown = The condition refers to a field that does not exist: { $field }.
field-set-error-condition-order = The field { $field } in the condition must come before this field.
field-set-error-condition-retired = The field { $field } in the condition is retired.
field-set-error-condition-type = A condition can only refer to a choice or yes/no field, and { $field } is not one.
field-set-error-condition-value = The field { $field } cannot have this value. Allowed: { $allowed }.
field-set-error-empty = The set has no fields.
field-set-error-no-active = At least one field must stay active.

## The field-set file.

field-file-error-unreadable = The file cannot be read. An Excel file (.xlsx) is expected.
field-file-error-no-header = The header row (with the "Ключ" column) was not found.
field-file-error-missing-column = The column "{ $column }" is missing.
field-file-error-too-many-rows = The file has too many rows.
field-file-error-yes-no = "да" or "нет" is expected.
field-file-error-integer = A whole number is expected.
field-file-error-bound = A number, a date (DD.MM.YYYY) or today is expected.
field-file-error-condition-incomplete = A condition needs both a field and a value.
field-file-types-type = Type
field-file-types-meaning = What the operator enters
field-file-types-note = Do not change a field's key: ticket values are stored under it. To remove a field, put "нет" in "Активно"; old tickets keep it.
field-type-help-text = A line of text; rules: min/max length, pattern.
field-type-help-long-text = Long text, stored whole even when longer than one message.
field-type-help-number = A number (whole or decimal, comma as separator); rules: minimum, maximum, whole numbers only.
field-type-help-phone = A phone number; Russian numbers are written as +7 921 555-01-01.
field-type-help-date = A date: calendar or typed (27.11.2026, 27.11, "завтра"); minimum and maximum are dates or today.
field-type-help-datetime = A date and time (27.11.2026 14:30); minimum and maximum are dates or today.
field-type-help-choice = One option from a list of buttons; options separated by ";".
field-type-help-multi-choice = Several options with toggle buttons; options separated by ";".
field-type-help-yes-no = Yes or no.
field-type-help-attachments = Photos and documents (one or several); minimum and maximum are numbers of files.

## Preview of the differences before a new field set is applied.

field-diff-none = No changes.
field-diff-added = New field: "{ $label }".
field-diff-retired = Retired: "{ $label }".
field-diff-restored = Back in use: "{ $label }".
field-diff-renamed = Renamed: "{ $old }" → "{ $new }".
field-diff-changed = "{ $label }": { $attribute ->
    [hint] hint
    [required] required/optional
    [choices] options
    [show_if] display condition
    [min] minimum
    [max] maximum
    [integer_only] whole numbers only
    [min_length] minimum length
    [max_length] maximum length
    [pattern] pattern
   *[other] { $attribute }
} changed.
field-diff-reordered = New order: { $order }.
field-diff-error-type-changed = The field { $key } cannot change type from { $old } to { $new }: add a new field with a new key.
field-error-datetime-past = This time has passed (it is { $now } now). Enter a time no earlier than now, e.g. "tomorrow 10:00".
field-error-datetime-future = This time has not come yet (it is { $now } now). Enter a time no later than now.
