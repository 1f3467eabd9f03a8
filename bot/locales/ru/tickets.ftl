## Tickets: creation dialogue, card, lists, search, comments, field settings.

menu-new-ticket = 📝 Новая заявка
menu-my-tickets = 📋 Мои заявки
menu-find-ticket = 🔎 Найти заявку
menu-ticket-fields = ⚙️ Поля заявки
cmd-new = Новая заявка
cmd-my = Мои заявки
cmd-t = Открыть заявку по номеру: /t 1024

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
ticket-card-stage = Стадия: { $stage }
ticket-card-created = Создана: { $at }
ticket-card-author = Автор: { $name }
ticket-card-assignee = Исполнитель: { $name }
ticket-card-deadline = Срок стадии: { $at }
ticket-card-field = <b>{ $label }</b>: { $value }
ticket-card-field-long =
    <b>{ $label }</b>:
    { $value }
ticket-btn-files = 📎 Вложения ({ $count })
ticket-btn-comment = 💬 Комментарий
ticket-btn-history = 🕓 История
ticket-btn-edit = ✏️ Изменить поле
ticket-btn-open = 📄 Открыть № { $number }
