## Retention of personal data (152-ФЗ): /retention and «🗑 Сроки хранения и акты», the acts
## workbook. Ids start with "retention-" (and the menu and command entries).

retention-menu = 🗑 Сроки хранения и акты
cmd-retention = Сроки хранения ПДн и акты уничтожения
retention-title = <b>🗑 Сроки хранения персональных данных</b>
retention-periods =
    Данные заявок (ФИО, телефон, адрес, квартира, файлы, комментарии) закрытых заявок: { $tickets } дн. после закрытия — затем обезличиваются, номер, категория, этапы и сроки остаются для отчётов.
    Загруженные списки сотрудников: { $uploads } дн.
    Брошенные черновики заявок: { $drafts } дн.
    Неотправленные сообщения: { $outbox } дн.
    Отклонённые запросы доступа: { $requests } дн.
    Журнал аудита: { $audit } дн.
retention-schedule = Проверка каждый день в { $time }.
retention-last-run = Последний запуск: { $at }
retention-never-run = Запусков ещё не было.
retention-acts-count = Актов уничтожения: { $count }
retention-btn-acts = 📥 Акты (.xlsx)
retention-btn-close = ✖️ Закрыть
retention-no-acts = Актов пока нет: ещё ничего не обезличено и не удалено.
retention-admins-only = Сроки хранения и акты доступны только администраторам.
retention-xlsx-filename = akty-unichtozheniya.xlsx
retention-xlsx-caption = Акты уничтожения персональных данных: { $count }
retention-sheet-acts = Акты
retention-sheet-tickets = Заявки
retention-col-act = Акт
retention-col-date = Дата
retention-col-kind = Основание
retention-col-actor = Кто
retention-col-category = Что уничтожено
retention-col-count = Сколько
retention-col-people = Люди (id)
retention-col-ticket = № заявки
retention-kind-retention = Истёк срок хранения
retention-kind-erasure = Запрос субъекта
retention-actor-system = Система
retention-category-ticket_personal_data = Персональные данные заявок (обезличены)
retention-category-ticket_files = Файлы заявок
retention-category-staff_uploads = Загруженные списки сотрудников
retention-category-drafts = Брошенные черновики
retention-category-sent_messages = Отправленные сообщения
retention-category-failed_outbox = Неотправленные сообщения
retention-category-access_requests = Отклонённые запросы доступа
retention-category-audit_log = Записи журнала аудита
retention-category-person = Данные человека
retention-category-calls = Записи о звонках
