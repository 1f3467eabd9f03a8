## Outgoing webhooks (/webhooks, «🔗 Вебхуки») and telephony calls. Ids start with "webhooks-".

menu-webhooks = 🔗 Вебхуки
cmd-webhooks = Вебхуки: события заявок в другие системы

webhooks-list-title = 🔗 <b>Вебхуки</b> — события заявок уходят в другие системы (POST, JSON, подпись HMAC-SHA256).
webhooks-list-empty = Пока нет ни одного адреса. Нажмите «➕ Добавить».
webhooks-row = { $state } <b>№ { $id }</b> { $url }
webhooks-btn-add = ➕ Добавить
webhooks-btn-endpoint = { $state } № { $id }
webhooks-btn-back = ⬅️ Назад
webhooks-btn-cancel = ✖️ Отмена
webhooks-gone = Этого вебхука уже нет. Откройте список заново: /webhooks

webhooks-endpoint = 🔗 <b>Вебхук № { $id }</b>
    Адрес: { $url }
    Состояние: { $state }
    События: { $types }
    Неудачных попыток подряд: { $failures }
webhooks-state-on = ✅ включён
webhooks-state-off = ⏸ выключен администратором
webhooks-state-failed = ⛔ выключен после неудачных доставок
webhooks-no-types = нет
webhooks-btn-enable = ▶️ Включить
webhooks-btn-disable = ⏸ Выключить
webhooks-btn-log = 📜 Журнал доставок
webhooks-btn-delete = 🗑 Удалить
webhooks-btn-delete-sure = 🗑 Да, удалить
webhooks-delete-ask = Удалить вебхук № { $id }? Неотправленные события для него будут удалены.
webhooks-deleted = 🗑 Вебхук № { $id } удалён.
webhooks-enabled = ▶️ Вебхук № { $id } включён: отправка возобновится, включая накопившиеся события.
webhooks-disabled = ⏸ Вебхук № { $id } выключен.

webhooks-ask-url = Шаг 1 из 3. Пришлите адрес, на который отправлять события: http://… или https://…
    Отмена — /cancel.
webhooks-bad-url = Это не адрес http:// или https:// (без пробелов, не длиннее 500 символов). Пришлите адрес ещё раз или /cancel.
webhooks-ask-secret = Шаг 2 из 3. Секрет для подписи (HMAC-SHA256): нажмите «🎲 Сгенерировать» или пришлите свой — от 16 до 200 символов без пробелов.
webhooks-btn-generate = 🎲 Сгенерировать
webhooks-bad-secret = Секрет должен быть от 16 до 200 символов без пробелов. Пришлите другой или нажмите «🎲 Сгенерировать».
webhooks-ask-types = Шаг 3 из 3. Какие события отправлять? Отметьте нужные и нажмите «💾 Сохранить».
webhooks-btn-type = { $mark } { $type }
webhooks-btn-save = 💾 Сохранить
webhooks-pick-a-type = Отметьте хотя бы одно событие.
webhooks-created = ✅ Вебхук № { $id } добавлен: { $url }
    Секрет для проверки подписи (показан один раз, сохраните его):
    <code>{ $secret }</code>
webhooks-created-own-secret = ✅ Вебхук № { $id } добавлен: { $url }
    Подпись — вашим секретом.
webhooks-expired = Добавление уже закончено или отменено. Начните заново: /webhooks

webhooks-log-title = 📜 <b>Журнал доставок вебхука № { $id }</b> (последние { $count }):
webhooks-log-empty = Доставок пока не было.
webhooks-log-row = { $status } { $time } · { $type } · № { $number } · попыток: { $attempts } · HTTP { $code }
webhooks-log-delivered = ✅
webhooks-log-pending = ⏳
webhooks-log-failed = ❌
webhooks-log-no-code = —
webhooks-log-reason = { $error }
webhooks-log-no-connection = нет соединения
webhooks-log-timeout = нет ответа вовремя

webhooks-disabled-by-failures = ⛔ Вебхук № { $id } ({ $url }) выключен: { $failures } неудачных доставок подряд. События для него копятся; проверьте адрес и включите его снова в /webhooks.

webhooks-call = 📞 Звонок: { $phone }
webhooks-call-line = Линия: { $line }
webhooks-call-tickets = Заявки этого номера:
webhooks-call-ticket = № { $number } · { $stage } · { $subject }
webhooks-call-no-tickets = Заявок с этим номером нет.
webhooks-call-btn-create = 📝 Создать заявку
webhooks-call-gone = Этот звонок не найден.
webhooks-admins-only = Вебхуки настраивают только администраторы.
