## Tickets: creation dialogue, card, lists, search, comments, field settings.

menu-new-ticket = 📝 Новая заявка
menu-my-tickets = 🗂 Мои заявки
menu-find-ticket = 🔎 Найти заявку
menu-ticket-fields = ⚙️ Поля заявки
cmd-new = Новая заявка
cmd-my = Мои заявки
cmd-t = Заявка по номеру: /t 1024

## Calendar (aiogram-dialog), in the company's time zone.
cal-month-1 = Январь
cal-month-2 = Февраль
cal-month-3 = Март
cal-month-4 = Апрель
cal-month-5 = Май
cal-month-6 = Июнь
cal-month-7 = Июль
cal-month-8 = Август
cal-month-9 = Сентябрь
cal-month-10 = Октябрь
cal-month-11 = Ноябрь
cal-month-12 = Декабрь
cal-weekday-1 = Пн
cal-weekday-2 = Вт
cal-weekday-3 = Ср
cal-weekday-4 = Чт
cal-weekday-5 = Пт
cal-weekday-6 = Сб
cal-weekday-7 = Вс
cal-day = { $day }
cal-weekday = { $weekday }
cal-month = { $month }
cal-header-month = 🗓 { $month } { $year }
cal-header-year = 🗓 { $year }
cal-next-month = »
cal-prev-month = «
cal-next-year = { $year } »
cal-prev-year = « { $year }

## Creation dialogue
ticket-create-no-rights = Создавать заявки могут только операторы. Если вам нужна эта роль, обратитесь к администратору.
ticket-ask-label = <b>{ $label }</b>
ticket-ask-label-optional = <b>{ $label }</b> (необязательно)
ticket-ask-hint = <i>{ $hint }</i>
ticket-ask-text = Введите текст одним сообщением.
ticket-ask-long_text = Введите текст; длинный текст сохранится целиком.
ticket-ask-number = Введите число.
ticket-ask-phone = Введите номер телефона, например +7 921 555-01-01.
ticket-ask-date = Выберите дату в календаре или введите её, например 27.11.2026 или «завтра».
ticket-ask-datetime = Введите дату и время, например 27.11 14:30 или «завтра 10:00», — или выберите дату в календаре, а затем введите время.
ticket-ask-choice = Выберите вариант кнопкой.
ticket-ask-multi_choice = Отметьте варианты и нажмите «Готово».
ticket-ask-yes_no = Ответьте «Да» или «Нет».
ticket-ask-attachments = Пришлите фото или документы (можно несколько), затем нажмите «Готово».
ticket-ask-files-so-far = Получено файлов: { $count }.
ticket-ask-current = Сейчас: { $value }
ticket-ask-time = Дата { $date } выбрана. Теперь введите время, например 14:30.
ticket-input-error = ⚠️ { $text }
ticket-input-note = ℹ️ { $text }
ticket-error-need-text = Здесь нужен текст — стикеры, голосовые сообщения и файлы сюда не подходят.
ticket-use-buttons = Проверьте заявку и нажмите кнопку: «Создать», «Изменить…» или «Отмена».
ticket-step-stale = Этот вопрос уже отвечен: ответьте на текущий.
ticket-first-step = Это первый шаг. Чтобы выйти, нажмите «Отмена» или /cancel.
ticket-cannot-skip = Это поле обязательное, его нельзя пропустить.
ticket-fields-changed = Набор полей изменился — ответьте, пожалуйста, на новый вопрос.
ticket-btn-skip = ⏭ Пропустить
ticket-btn-done = ✅ Готово
ticket-btn-yes = Да
ticket-btn-no = Нет
ticket-btn-create = ✅ Создать
ticket-btn-edit-draft = ✏️ Изменить…
ticket-summary-title = <b>Проверьте заявку</b>
ticket-pick-field = Какое поле изменить?
ticket-draft-cancelled = Заявка не создана, черновик удалён.
ticket-created = ✅ Заявка <b>№ { $number }</b> создана.

## Ticket card
ticket-card-title = 📄 <b>Заявка № { $number }</b>
ticket-card-stage = Этап: <b>{ $stage }</b>
ticket-card-created = Создана: { $at }
ticket-card-author = Автор: { $name }
ticket-card-assignee = Исполнитель: { $name }
ticket-card-deadline = Срок этапа: { $at }
ticket-card-field = <b>{ $label }</b>: { $value }
ticket-card-label = <b>{ $label }</b>:
ticket-btn-files = 📎 Вложения ({ $count })
ticket-btn-comment = 💬 Комментарий
ticket-btn-history = 📜 История
ticket-btn-edit = ✏️ Изменить поле
ticket-btn-open = 📄 Открыть № { $number }

## Opening, lists, attachments, history
ticket-not-available = Заявка № { $number } не найдена или у вас нет к ней доступа.
ticket-not-available-button = Заявка не найдена или у вас нет к ней доступа.
ticket-open-usage = Укажите номер заявки, например: /t 1024 (или просто напишите №1024).
ticket-list-item = № { $number } · { $subject }
ticket-my-open = <b>Мои открытые заявки</b>: { $count } (стр. { $page } из { $pages })
ticket-my-closed = <b>Мои закрытые заявки</b>: { $count } (стр. { $page } из { $pages })
ticket-my-empty = Здесь пока пусто.
ticket-my-show-open = Показать открытые
ticket-my-show-closed = Показать закрытые
ticket-no-files = У заявки № { $number } нет вложений.
ticket-file-caption = Вложение к заявке № { $number }
ticket-history-title = 📜 <b>История заявки № { $number }</b>
ticket-history-empty = Изменений и комментариев пока нет.
ticket-history-field = { $at } · { $name }: «{ $label }»: { $old } → { $new }
ticket-history-comment = { $at } · { $name }: 💬 { $text }
ticket-file-kind-photo = фото
ticket-file-kind-video = видео
ticket-file-kind-voice = голосовое сообщение
ticket-file-kind-document = файл
ticket-history-file = { $at } · { $name }: 📎 { $file }


## Comments and attachments
ticket-comment-prompt = Напишите комментарий к заявке № { $number } или пришлите фото или документ.
ticket-comment-added = 💬 Комментарий добавлен к заявке № { $number }.
ticket-file-added = 📎 Файл добавлен к заявке № { $number }.
ticket-comment-blank = В комментарии нет текста. Напишите его словами или пришлите фото или документ.
ticket-notify-file-caption = Подпись: { $text }
ticket-comment-unsupported = Пришлите текст, фото или документ. Стикеры и голосовые сообщения не сохраняются.
ticket-notify-comment =
    💬 Комментарий к заявке № { $number }. Автор: { $name }
    { $text }
ticket-notify-file = 📎 { $name } добавил(а) файл к заявке № { $number }.

## Editing values after creation
ticket-edit-pick = Какое поле заявки изменить?
ticket-edit-value = Введите новое значение поля «{ $label }».
ticket-edit-choices = Варианты: { $choices }
ticket-edit-done = ✏️ Поле «{ $label }» заявки № { $number } изменено.
ticket-edit-unchanged = Значение поля «{ $label }» не изменилось.

## Field settings
ticket-fields-title = <b>Поля заявки</b> (выберите поле, чтобы изменить его; чтобы загрузить набор из файла, пришлите .xlsx):
ticket-fields-line = { $number ->
    [0] <b>{ $label }</b>
   *[other] { $number }. <b>{ $label }</b>
} — { $type }{ $required ->
    [yes] , обязательное
   *[no] {""}
}{ $active ->
    [no] , выведено из использования
   *[yes] {""}
}
ticket-fields-download = 📥 Скачать .xlsx
ticket-fields-add = ➕ Добавить поле
ticket-fields-close = ✖️ Закрыть
ticket-fields-rename = ✏️ Переименовать
ticket-fields-choices = 📝 Варианты
ticket-fields-up = ⬆️ Выше
ticket-fields-down = ⬇️ Ниже
ticket-fields-make-optional = Сделать необязательным
ticket-fields-make-required = Сделать обязательным
ticket-fields-retire = 🗄 Вывести из использования
ticket-fields-restore = ♻️ Вернуть в работу
ticket-fields-apply = ✅ Применить
ticket-fields-saved = ✅ Сохранено. Новые заявки используют новый набор полей; старые сохраняют свой.
ticket-fields-applied = ✅ Набор полей применён. Старые заявки сохраняют свои поля и значения.
ticket-fields-not-applied = ❌ Изменение не применено:
ticket-fields-rename-prompt = Введите новое название поля.
ticket-fields-choices-prompt = Введите варианты через «;», например: Низкий; Обычный; Высокий
ticket-fields-add-prompt = Введите название нового поля.
ticket-fields-add-type = Выберите тип нового поля.
ticket-fields-file-caption = Набор полей. Измените файл и пришлите его обратно в этот чат — я покажу изменения перед применением.
ticket-fields-send-xlsx = Пришлите файл .xlsx с набором полей (как тот, что скачивается кнопкой «Скачать .xlsx»).
ticket-fields-file-too-big = Файл больше 20 МБ — бот не сможет его получить.
ticket-fields-file-errors = ❌ В файле ошибки ({ $count }), ничего не изменено:
ticket-fields-issue-cell = • Строка { $row }, столбец { $column }: { $text }
ticket-fields-issue-row = • Строка { $row }: { $text }
ticket-fields-issue = • { $text }
ticket-fields-preview-title = <b>Изменения из файла</b> — проверьте и нажмите «Применить»:

## Commands inside a dialogue
dialog-buttons-only = Здесь нужно нажать кнопку в сообщении ниже. Выйти: /cancel
dialog-command-blocked = Сначала завершите или отмените текущее действие: /cancel
ticket-edit-btn-clear = 🧹 Очистить
ticket-edit-empty = Пустое значение. Введите новое значение.
ticket-edit-empty-clear = Пустое значение. Введите новое значение или нажмите «🧹 Очистить», чтобы убрать его.
