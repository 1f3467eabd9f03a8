# Integration API: errors of values sent to POST /api/v1/tickets
api-error-unknown-field = The ticket form has no such field.
api-error-field-not-asked = This field is not filled in given the other answers.
api-error-required = A required field: give a value.
api-error-attachments = Files cannot be sent through the API.
api-error-type = A string or a number is expected.
