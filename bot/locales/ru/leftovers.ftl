## A file sent outside any dialogue: which ticket is it for?
stray-file-offer = 📎 Добавить к заявке №…? Выберите заявку — файл прикрепится к ней, подпись станет вашим комментарием.
stray-file-btn-drop = ✖️ Не добавлять
stray-file-dropped = Файл не добавлен ни к одной заявке.
stray-file-gone = Этот файл уже добавлен или забыт. Отправьте его ещё раз.
stray-file-no-tickets = 📎 У вас нет открытых заявок, к которым можно добавить файл. Чтобы добавить его к другой заявке, откройте её и нажмите «💬 Комментарий».

## Stage time limits in people's words
duration-days = { $n } д
duration-hours = { $n } ч
duration-minutes = { $n } мин
stage-limit-none = без срока
stage-edit-diff-limit = «{ $stage }»: срок { $old } → { $new }
stage-limit-not-understood = ❌ Не понял срок «{ $text }». Напишите число и единицу, например: «2 ч», «30 мин», «1 д 4 ч» или «1,5 ч». Ничего не изменено.
stage-limit-whole-minutes = ❌ Срок «{ $text }» не делится на целые минуты. Напишите, например, «1,5 ч» или «90 мин». Ничего не изменено.
stage-limit-range = ❌ Срок должен быть от 1 мин до { $max_days } д, например «2 ч». Ничего не изменено.

## Editing a ticket field: what it is now
field-edit-current-label = Сейчас поле называется: <b>{ $label }</b>
field-edit-current-choices = Сейчас варианты: <code>{ $choices }</code>
    Скопируйте строку, измените и пришлите целиком.
field-edit-no-choices = Сейчас вариантов нет.
