## Managers' queues: «📋 Очереди» and /queues; buttons on deadline notices. Ids start with "queues-".

menu-queues = 📋 Очереди
cmd-queues = Очереди заявок: без исполнителя, просроченные…

queues-title = 📋 <b>Очереди заявок</b>
    Выберите очередь; в скобках — сколько в ней заявок сейчас.
queues-name-unassigned = Без исполнителя
queues-name-open = Открытые
queues-name-overdue = Просроченные
queues-name-confirm = Ждут подтверждения
queues-btn-queue = { $name } ({ $count })

## A queue's page
queues-list-title = 📋 <b>{ $name }</b>: { $count } · Стр. { $page } из { $pages }
queues-list-empty = В этой очереди сейчас нет заявок.
queues-list-empty-filtered = Нет заявок с выбранными фильтрами. Выберите «все» кнопками ниже.
queues-list-hint = Нажмите на заявку, чтобы открыть её карточку.
queues-row = { $overdue ->
        [yes] ⚠️{" "}
       *[no] {""}
    }<b>№ { $number }</b> · { $place } · { $stage } · { $priority } · { $deadline }
queues-row-button = { $overdue ->
        [yes] ⚠️{" "}
       *[no] {""}
    }№ { $number } · { $place }
queues-deadline = до { $at }
queues-no-deadline = без срока
queues-no-value = —
queues-btn-category = Категория: { $category }
queues-btn-executor = Исполнитель: { $executor }
queues-filter-all = все
queues-btn-to-queues = ◀️ К очередям
queues-btn-close = ✖️ Закрыть

## Choosing a filter
queues-choose-category = Выберите категорию (в скобках — заявок в очереди):
queues-choose-executor = Выберите исполнителя (в скобках — заявок в очереди):
queues-choice-none = В очереди нет заявок, по которым можно выбрать.
queues-choice = { $name } ({ $count })
queues-all-categories = Все категории
queues-all-executors = Все исполнители
queues-choice-gone = В очереди больше нет таких заявок. Выберите из обновлённого списка.
queues-unknown-queue = Такой очереди нет. Выберите очередь из списка.

## Buttons on deadline warnings and breaches
queues-notice-open = 📄 Открыть
queues-notice-assign = 👤 Назначить
