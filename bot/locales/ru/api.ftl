# Integration API: errors of values sent to POST /api/v1/tickets
api-error-unknown-field = В форме заявки нет такого поля.
api-error-field-not-asked = Это поле не заполняется при таких ответах на другие поля.
api-error-required = Обязательное поле: укажите значение.
api-error-attachments = Файлы через API не принимаются.
api-error-type = Ожидается строка или число.
