## Reports: files (sheet names, column titles, chart)
report-none = (не указано)
report-sheet-summary = Сводка
report-sheet-categories = По категориям
report-sheet-priorities = По приоритетам
report-sheet-stages = По этапам
report-sheet-executors = Исполнители
report-chart-title = Заявки за { $period }
report-col-figure = Показатель
report-col-value = Значение
report-col-category = Категория
report-col-priority = Приоритет
report-col-stage = Этап
report-col-executor = Исполнитель
report-col-created = Создано
report-col-closed = Закрыто
report-col-open = Открыто
report-col-overdue = Просрочено за период
report-col-visits = Завершённых пребываний
report-col-avg-calendar = Среднее, ч
report-col-median-calendar = Медиана, ч
report-col-avg-working = Среднее рабочее, ч
report-col-median-working = Медиана рабочая, ч
report-col-total-hours = Всего, ч
report-col-compliance = В срок
report-col-on-time = В срок
report-col-returns = Возвратов
report-col-confirmed = Подтверждено автором
report-col-auto-confirmed = Подтверждено автоматически
report-col-score = Рейтинг
report-fig-period = Период
report-fig-created = Создано заявок
report-fig-closed = Закрыто заявок
report-fig-open = Открыто на конец периода
report-fig-overdue = Просрочено за период (заявок)
report-fig-avg-calendar = Среднее время обработки, ч
report-fig-median-calendar = Медианное время обработки, ч
report-fig-avg-working = Среднее время обработки (рабочее), ч
report-fig-median-working = Медианное время обработки (рабочее), ч
report-fig-score = Формула рейтинга исполнителя
report-score-formula = 100 × (0,5 × доля этапов в срок + 0,3 × доля подтверждённых автором + 0,2 × (1 − min(1, возвраты / закрытые)))

## Reports: the message
report-message =
    📊 <b>Отчёт за { $period }</b>
    Создано: { $created }, закрыто: { $closed }
    Открыто на конец периода: { $open }
    Просрочено за период: { $overdue }
    { $timed ->
        [yes] Время обработки: в среднем { $avg } ч, медиана { $median } ч{ $working ->
            [yes] {" "}(рабочее: { $avg_working } ч и { $median_working } ч)
           *[no] {""}
        }
       *[no] Время обработки: нет данных — за период не закрыто ни одной заявки
    }
    Этапы в срок: { $limited ->
        [yes] { $compliance } %
       *[no] нет данных — ни один этап со сроком не завершён
    }
    Подробности — в файле и на графике.
report-file-caption = Отчёт за { $period } (.xlsx)
report-photo-caption = График за { $period }
report-scheduled-title = Отчёт по расписанию «{ $name }»

## Export
export-sheet = Заявки
export-file-caption = Выгрузка заявок за { $period }: { $count }
export-col-number = №
export-col-created = Создана
export-col-stage = Этап
export-col-category = Категория
export-col-priority = Приоритет
export-col-subject = Тема
export-col-author = Автор
export-col-assignee = Исполнитель
export-col-stage-deadline = Срок этапа
export-col-stage-breached = Этап просрочен
export-col-deadline = Срок заявки
export-col-breached = Заявка просрочена
export-col-closed = Закрыта
export-col-outcome = Итог
export-outcome-done = Выполнена
export-outcome-rejected = Отклонена
export-outcome-transferred = Передана в другой отдел

## Reports: menu, command and the period picker
menu-reports = 📊 Отчёты
cmd-report = Отчёт за период
report-choose = 📊 Отчёт или выгрузка заявок: выберите период.
report-btn-yesterday = Вчера
report-btn-today = Сегодня
report-btn-week = Прошлая неделя
report-btn-month = Прошлый месяц
report-btn-this-month = Этот месяц
report-btn-custom = 📅 Выбрать даты
report-btn-mode-report = 📊 Отчёт
report-btn-mode-export = 📥 Выгрузка заявок
report-mode-report = Сейчас: отчёт. Нажмите «📥 Выгрузка заявок», чтобы получить файл со всеми заявками.
report-mode-export = Сейчас: выгрузка заявок (все поля, .xlsx).
report-pick-start = 📅 Выберите первый день периода.
report-pick-end = 📅 Первый день: { $first }. Выберите последний день периода.
report-building = ⏳ Готовлю файл…
menu-export = 📥 Выгрузка заявок
cmd-export = Выгрузка заявок за период
