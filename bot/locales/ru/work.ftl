# Workflow in chat: cards, executors' actions, assignment, confirmation. Ids start with "work-".

menu-my-work = 🛠 Мои заявки в работе
menu-stages = 🔀 Этапы заявок
cmd-work = Мои заявки в работе
cmd-stages = Этапы заявок

work-card = 📋 <b>Заявка № { $number }</b>: { $subject }
    Категория: { $category } · Приоритет: { $priority }
    Адрес: { $address }
    Описание: { $description }
    Этап: <b>{ $stage }</b>
    Автор: { $author }
    Исполнитель: { $assignee }
    Срок этапа: { $deadline }
work-nobody = не назначен
work-system = Система

## Buttons

work-btn-accept = ✅ Принять
work-btn-refuse = 🙅 Отказаться
work-btn-ask = ❓ Запросить информацию
work-btn-assign = 👤 Назначить
work-btn-comment = 💬 Комментарий
work-btn-history = 📜 История
work-btn-take = ✋ Взять
work-btn-answer = ✍️ Ответить
work-btn-done = ✅ Готово
work-btn-cancel = ✖️ Отмена

## Refusals (alerts)

work-conflict = Заявку только что изменили, обновите карточку и попробуйте снова.
work-stale = Кнопка устарела: заявка уже на другом этапе. Обновите карточку.
work-assignee-changed = Пока вы выбирали, заявку № { $number } назначили: { $name }. Чтобы переназначить, откройте её карточку заново.
work-not-yours = Это действие с этой заявкой вам недоступно.
work-not-waiting = Заявка больше не ждёт ответа.
work-not-offered = Эта заявка вам не предлагалась.
work-taken-by = Заявка уже взята ({ $name }).
work-closed = Заявка закрыта.
work-not-executor = Этот человек не может быть исполнителем.
work-managers-only = Назначать исполнителей могут только руководители.
work-nothing-to-finish = Отчёт уже отправлен или отменён.
work-report-needs-text = Напишите текст отчёта, затем нажмите «Готово».

## What people are told

work-done-stage = Готово: этап «{ $stage }».
work-taken-you = Заявка № { $number } ваша.
work-pool-offer = 🆕 Новая заявка — возьмите её, если можете.
work-pool-returned = 🔁 Заявка № { $number } снова свободна: { $name } отказался(-ась). Причина: { $reason }
    Возьмите её, если можете.
work-already-taken = Заявка № { $number } уже взята ({ $name }).
work-assigned-to-you = 📌 Вам назначена заявка № { $number }.
work-unassigned-you = Заявка № { $number } передана другому исполнителю.
work-no-longer-yours = Заявка № { $number } больше не у вас: её передали другому исполнителю или вернули диспетчеру. Ваши заявки: /work
work-assigned-by-you = Заявка № { $number } назначена: { $name }.
work-new-for-managers = 🆕 Новая заявка № { $number } ждёт назначения исполнителя.
work-taken-for-author = 👷 Заявку № { $number } взял(а) в работу: { $name }
work-refused = { $name } отказался(-ась) от заявки № { $number }. Причина: { $reason }
work-refused-pool = { $name } отказался(-ась) от заявки № { $number }. Причина: { $reason }
    Заявка снова предложена исполнителям на смене; можно и назначить.
work-refused-pool-nobody = { $name } отказался(-ась) от заявки № { $number }. Причина: { $reason }
    Предложить её больше некому — назначьте исполнителя.
work-refused-for-author = 🔁 { $name } отказался(-ась) от заявки № { $number }. Ищем другого исполнителя.
work-report-for-author = ✅ Работа по заявке № { $number } выполнена. Отчёт исполнителя:
    { $report }
    Подтвердите результат или верните заявку в работу.
work-confirmed = 👍 Автор подтвердил выполнение заявки № { $number }. Заявка закрыта.
work-returned = ↩️ Заявка № { $number } возвращена в работу. Причина: { $reason }
work-reopened = 🔄 Заявка № { $number } открыта заново: { $reason }
work-question = ❓ Исполнитель по заявке № { $number } спрашивает:
    { $question }
    Нажмите «Ответить», чтобы ответить.
work-answer = ✍️ Ответ автора по заявке № { $number }:
    { $answer }
work-transferred = 📤 Заявка № { $number } передана в другой отдел: { $department }.
work-rejected = ⛔ Заявка № { $number } отклонена. Причина: { $reason }
work-stage-changed = Заявка № { $number }: этап «{ $stage }».
work-managers-change = Заявка № { $number } снова на этапе «{ $stage }».
work-comment = 💬 Комментарий к заявке № { $number }. Автор: { $name }
    { $text }
work-auto-confirmed-author = ⏰ Заявка № { $number } подтверждена автоматически: ответа не было { $hours } ч.
work-auto-confirmed-executor = ⏰ Заявка № { $number } подтверждена автоматически и закрыта.

## Input prompts and confirmations

work-prompt-finish = Отчёт по заявке № { $number }: напишите, что сделано, при необходимости приложите фото или файлы, затем нажмите «Готово».
work-prompt-ask = Какой вопрос задать автору заявки № { $number }? Напишите его одним сообщением.
work-prompt-transfer = В какой отдел передать заявку № { $number }? Напишите название отдела.
work-prompt-reject = Почему заявка № { $number } отклоняется? Напишите причину.
work-prompt-back = Почему заявка № { $number } возвращается в работу? Напишите причину — её получит исполнитель.
work-prompt-comment = Напишите комментарий к заявке № { $number }.
work-prompt-refuse = Почему вы отказываетесь от заявки № { $number }? Напишите причину.
work-prompt-answer = Напишите ответ на вопрос по заявке № { $number }.
work-report-expects = Пришлите текст, фото или файл для отчёта, либо нажмите «Готово».
work-report-added = Добавлено в отчёт (файлов: { $files }). Можно добавить ещё или нажать «Готово».
work-text-expected = Нужен текст: напишите его одним сообщением или нажмите «Отмена».
work-input-cancelled = Отменено, заявка не изменилась.
work-applied-finish = Отчёт отправлен автору заявки № { $number }, ждём подтверждения.
work-applied-ask = Вопрос отправлен автору заявки № { $number }. Отсчёт времени приостановлен.
work-applied-transfer = Заявка № { $number } передана в другой отдел.
work-applied-reject = Заявка № { $number } отклонена.
work-applied-back = Заявка № { $number } возвращена в работу, исполнитель получил причину.
work-applied-comment = Комментарий к заявке № { $number } добавлен.
work-applied-refuse = Вы отказались от заявки № { $number }.
work-applied-answer = Ответ по заявке № { $number } отправлен исполнителю.

## Assignment picker

work-pick-title = Кого назначить на заявку № { $number }? (должность · на смене · открытых заявок)
work-pick-label = { $name } · { $position } · { $available ->
        [yes] На смене
       *[no] Не на смене
    } · { $load }{ $unreachable ->
        [yes] {" · 🚫 не получает сообщения"}
       *[no] {""}
    }
work-no-executors = Нет ни одного активного исполнителя.

## Executor's list

work-my-empty = У вас нет заявок в работе.
work-my-title = Ваши заявки в работе ({ $count }):
work-my-line = № { $number } · { $subject } — { $stage }, срок: { $deadline }
work-my-open = № { $number }

## History

work-history-line = { $at } · { $who }: { $what }
work-ev-created = создана (этап «{ $target }»)
work-ev-assigned = назначен исполнитель { $person }
work-ev-refused = отказ от заявки: { $text }
work-ev-stage_changed = этап «{ $source }» → «{ $target }»
work-ev-comment = комментарий: { $text }
work-ev-info_requested = вопрос автору: { $text }
work-ev-info_answered = ответ автора: { $text }
work-ev-report = отчёт: { $text }
work-ev-confirmed = выполнение подтверждено
work-ev-auto_confirmed = подтверждено автоматически
work-ev-returned = возвращена в работу: { $text }
work-ev-reopened = открыта заново (этап «{ $target }»)
work-ev-transferred = передана в другой отдел: { $text }
work-ev-other = { $kind }

## Stage settings

work-stages-title = ⚙️ <b>Этапы заявок</b> (название · обязательный · конечный · срок):
work-stages-line = • { $name } · { $required ->
        [yes] обязательный
       *[no] необязательный
    }{ $terminal ->
        [yes] {" · конечный"}
       *[no] {""}
    } · { $has_limit ->
        [yes] { $limit }
       *[no] без срока
    }
work-stages-download = 📥 Скачать .xlsx
work-stages-upload = 📤 Загрузить изменённый файл
work-stages-publish = ✅ Опубликовать
work-stages-discard = ✖️ Отмена
work-stages-download-hint = Измените файл и пришлите его обратно кнопкой «Загрузить изменённый файл».
work-stages-send-file = Пришлите файл этапов (.xlsx) документом. /cancel — отмена.
work-stages-too-big = Файл слишком большой: не больше 2 МБ.
work-stages-errors = ❌ В файле есть ошибки, ничего не изменено:
work-stages-preview = 🔍 Изменения после публикации (открытые заявки остаются на своей версии):
work-stages-nothing = Нечего публиковать: загрузите файл заново.
work-stages-refused = ❌ Публикация отменена:
work-stages-stranded = этап «{ $stage }» удаляется, а на нём открытых заявок: { $count }
work-stages-published = ✅ Новая схема этапов опубликована (версия { $version }). Новые заявки пойдут по ней.
work-stages-discarded = Изменения этапов отменены.
work-stages-error-at = Строка { $row }{ $column ->
        [none] {""}
       *[other] , столбец «{ $column }»
    }: { $reason }

work-stages-edit = ✏️ Изменить этап
work-stage-edit-pick = ✏️ Какой этап изменить?
work-stage-edit-card = ✏️ <b>{ $name }</b>
    Срок: { $minutes ->
        [0] без ограничения
       *[other] { $limit }, { $mode ->
            [calendar] календарное время
           *[working] рабочее время
        }
    }
    { $required ->
        [yes] Обязательный этап
       *[no] Необязательный этап
    }
work-stage-edit-preview = 🔍 Изменения после «Применить» (открытые заявки остаются на своей версии):
work-stage-edit-no-changes = Выберите, что изменить:
work-stage-edit-btn-name = 🏷 Название
work-stage-edit-btn-limit = ⏱ Срок
work-stage-edit-btn-mode = 🕘 Время: { $mode ->
        [calendar] календарное
       *[working] рабочее
    }
work-stage-edit-btn-required = { $required ->
        [yes] ☑️ Обязательный
       *[no] ⬜️ Необязательный
    }
work-stage-edit-btn-apply = ✅ Применить
work-stage-edit-btn-no-limit = ♾ Без ограничения
work-stage-edit-ask-name = Пришлите новое название этапа (до 64 символов).
work-stage-edit-ask-minutes = Пришлите срок этапа, например: «2 ч», «30 мин», «1 д 4 ч» или «1,5 ч» (1 д — это 24 ч).
work-stage-edit-name-length = ❌ Название должно быть от 1 до { $max } символов. Ничего не изменено.
work-stage-edit-mode-needs-limit = Сначала задайте срок этапа.
work-stage-edit-invalid = Такое значение не подходит для этапа. Ничего не изменено.
work-stage-edit-gone = Этапа «{ $stage }» больше нет: откройте /stages заново.
work-stage-edit-outdated = этапы только что изменил кто-то другой — откройте /stages и внесите изменения заново

## People the bot cannot reach

work-unreachable = 🚫 { $name } ({ $position }) заблокировал(а) бота и не получает сообщений о заявках. Свяжитесь с сотрудником другим способом.
