# Integration API: errors of values sent to POST /api/v1/tickets
api-error-unknown-field = В форме заявки нет такого поля.
api-error-field-not-asked = Это поле не заполняется при таких ответах на другие поля.
api-error-required = Обязательное поле: укажите значение.
api-error-attachments = Файлы через API не принимаются.
api-error-type = Ожидается строка или число.

# Keys in the bot: /api_keys and «🗝 API-ключи»
api-menu = 🗝 API-ключи
cmd-api_keys = Ключи API для интеграций
api-scope-read = Чтение (read)
api-scope-create = Создание заявок (create)
api-scope-comment = Комментарии (comment)
api-keys-title = <b>🗝 Ключи API</b> — для телефонии, CRM и сайта. Ключ передаётся в заголовке <code>Authorization: Bearer …</code>; описание API: /api/docs на сервере.
api-keys-empty = Ключей пока нет.
api-keys-line =
    • <b>{ $name }</b> — <code>{ $prefix }…</code>
      Права: { $scopes }. Создан { $created }, последний вызов: { $used }
api-keys-line-revoked =
    • <s>{ $name }</s> — <code>{ $prefix }…</code> — отозван
      Права: { $scopes }. Создан { $created }, последний вызов: { $used }
api-keys-btn-new = ➕ Новый ключ
api-keys-btn-revoke = 🚫 Отозвать: { $name } ({ $prefix })
api-keys-btn-create = ✅ Создать ключ
api-keys-btn-confirm-revoke = 🚫 Да, отозвать
api-keys-ask-name = Как назвать ключ? Например: АТС, сайт, CRM. /cancel — отмена.
api-keys-bad-name = Напишите название ключа текстом, до { $limit } символов. /cancel — отмена.
api-keys-ask-scopes = Ключ «{ $name }». Отметьте, что ему можно, и нажмите «✅ Создать ключ».
api-keys-no-scopes = Отметьте хотя бы одно право.
api-keys-stale = Кнопка устарела: откройте /api_keys заново.
api-keys-created =
    ✅ Ключ «{ $name }» создан. Права: { $scopes }.
    Скопируйте его сейчас — больше он показан не будет:
    <code>{ $key }</code>
api-keys-confirm-revoke = Отозвать ключ «{ $name }» (<code>{ $prefix }…</code>)? Запросы с ним сразу перестанут приниматься.
api-keys-revoked = 🚫 Ключ «{ $name }» (<code>{ $prefix }…</code>) отозван.
