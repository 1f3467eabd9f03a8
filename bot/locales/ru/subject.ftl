## Subject requests (152-ФЗ): find a person, export what is held about them, erase it
cmd-subject = Запросы субъектов персональных данных
menu-subject = 👤 Запросы субъектов ПДн
subject-ask =
    <b>Запрос субъекта персональных данных</b>
    Пришлите телефон жителя (в любом виде, например 8 921 555-01-01) или фамилию и имя — жителя из заявок или сотрудника.
subject-bad-query = Не понял запрос. Пришлите телефон (не меньше 10 цифр) или фамилию и имя, например: Иванова Мария.
subject-nothing-found = Никого не нашёл. Проверьте телефон или фамилию и пришлите ещё раз.
subject-found =
    <b>Найдено</b>: { $tickets ->
        [0] заявок нет
        [one] { $tickets } заявка (№ { $numbers })
        [few] { $tickets } заявки (№ { $numbers })
       *[other] { $tickets } заявок (№ { $numbers })
    }, сотрудник: { $staff ->
        [0] нет
       *[other] { $staff } — выберите ниже
    }.
subject-found-calls = Звонков с этого номера: { $calls }.
subject-found-resident = Кнопки ниже — для жителя из этих заявок и звонков.
subject-staff-card =
    <b>Сотрудник № { $id }</b>: { $name }
    { $active ->
        [yes] Доступ активен: удалить данные можно только после отключения (раздел «Сотрудники»).
       *[no] Доступ отключён.
    }
subject-btn-export = ⬇️ Выгрузить всё (.zip)
subject-btn-erase = 🗑 Удалить данные
subject-btn-staff = 👤 { $name }
subject-btn-again = 🔎 Другой запрос
subject-btn-confirm = ✅ Да, удалить
subject-confirm-resident =
    <b>Удалить персональные данные жителя?</b>
    { $numbers ->
        [none] Заявок с этими данными нет.
       *[other] В заявках № { $numbers }
    } ФИО, телефон, адрес и квартира будут заменены на «[удалено]», файлы, комментарии и упоминания в сообщениях бота — удалены. Записи о звонках с его номера удаляются. Номера, категории, этапы и время останутся: отчёты не изменятся. Отменить нельзя.
subject-confirm-staff =
    <b>Удалить персональные данные сотрудника № { $id }?</b>
    ФИО заменится на «{ $pseudonym }», телефон, должность и Telegram будут стёрты, заявки на доступ и следы приглашений — удалены. В истории заявок он будет показан под псевдонимом. Отменить нельзя.
subject-still-active = Сотрудник № { $id } ещё имеет доступ. Сначала отключите его в разделе «Сотрудники», затем повторите удаление.
subject-erased-resident = 🗑 Данные жителя удалены: заявок { $tickets }, значений { $fields }, файлов { $files }, текстов { $texts }, сообщений { $messages }, звонков { $calls }. Акт об уничтожении записан.
subject-erased-staff = 🗑 Данные сотрудника № { $id } удалены: теперь он «{ $pseudonym }». Записей изменено: { $records }, сообщений: { $messages }. Акт об уничтожении записан.
subject-erase-noop = Удалять нечего: эти данные уже удалены, ничего не изменилось.
subject-exporting = Собираю выгрузку…
subject-export-caption = Выгрузка данных субъекта: записей { $records }, файлов { $files }.
subject-export-missing = Не удалось скачать файлов: { $count } (они перечислены в выгрузке).
subject-gone = Этого человека больше нет в списке. Начните запрос заново: /subject
subject-pseudonym = Сотрудник №{ $id }
## The export workbook
subject-sheet-summary = Запрос
subject-sheet-fields = Значения полей
subject-sheet-tickets = Заявки
subject-sheet-events = История
subject-sheet-attachments = Файлы
subject-sheet-audit = Журнал аудита
subject-sheet-messages = Сообщения бота
subject-sheet-states = Состояния диалогов
subject-sheet-person = Сотрудник
subject-sheet-calls = Звонки
subject-col-what = Что
subject-col-value = Значение
subject-row-kind = Субъект
subject-row-exported = Выгружено (UTC)
subject-row-person = Сотрудник №
subject-row-tickets = Заявки №
subject-row-calls = Звонков
subject-row-files = Файлов
subject-kind-resident = житель (заявитель)
subject-kind-staff = сотрудник
