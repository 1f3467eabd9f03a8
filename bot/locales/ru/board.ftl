## Dispatch board: the web page (/board/app in Telegram, /board/s/<token> on a wall screen)
## and the admins' links in the bot (/board, «🖥 Табло»). Ids start with "board-".

board-title = Диспетчерская: открытые заявки
board-title-short = Табло
board-open-total = Открыто: { $count }
board-today = Сегодня
board-today-created = создано
board-today-closed = закрыто
board-today-overdue = просрочено
board-emergencies = 🚨 Аварийные
board-unassigned = Без исполнителя
board-overdue = Просроченные
board-executors = Исполнители
board-stages = По этапам
board-more = …и ещё { $count } — см. колонки этапов
board-none = нет
board-number = № { $number }
board-no-limit = без срока
board-left = осталось
board-overdue-by = просрочено на
board-limit-norm = норматив
board-limit-stage = срок этапа
board-no-assignee = не назначена
board-shift-on = на смене
board-shift-off = не на смене
board-load = { $count ->
        [one] { $count } заявка
        [few] { $count } заявки
       *[many] { $count } заявок
    }
board-filter-category = Категория
board-filter-house = Дом
board-filter-executor = Исполнитель
board-filter-all = все
board-filter-apply = Показать
board-filter-reset = Сбросить
board-filtered = Показаны заявки по фильтру.
board-live = в реальном времени
board-offline = нет связи, переподключение…
board-read-only = Только просмотр
board-updated = Обновлено { $at }
board-loading = Загрузка…
board-open-in-telegram = Откройте табло из Telegram: кнопка меню бота «Табло».
board-error = Не удалось загрузить табло. Закройте его и откройте снова из Telegram.
board-denied = Табло доступно операторам, руководителям и администраторам.
board-unauthorized = Ссылка недействительна или отозвана. Попросите у администратора новую.
board-back = ← К табло
board-take = ✋ Взять в работу
board-assign = 👤 Назначить…
board-assign-to = Назначить
board-assign-choose = Выберите исполнителя
board-taken-ok = Заявка № { $number } — ваша.
board-assigned-ok = Заявка № { $number } назначена: { $name }.
board-no-actions = Других действий с этой заявкой здесь нет — откройте её в боте.
board-pick-label = { $name } · заявок: { $load } · { $available ->
        [yes] на смене
       *[no] не на смене
    }

## In the bot: the admins' wall-screen links
menu-board = 🖥 Табло
cmd-board = Табло: ссылки для экрана диспетчерской
board-menu-button = Табло
board-links-title = 🖥 <b>Табло диспетчерской</b>
    Ссылка открывает табло в браузере настенного экрана: только просмотр, без имён и телефонов заявителей. Откройте её и включите полноэкранный режим (F11).
board-links-count = Действующих ссылок: { $count }.
board-links-item = Ссылка № { $id } · создана { $at } · открывалась { $used }
board-link-new = ➕ Новая ссылка
board-link-revoke = 🗑 Отозвать ссылку № { $id }
board-link-created = 🖥 Новая ссылка на табло (№ { $id }):
    { $url }

    Она показана один раз: сохраните её сейчас. Кто знает ссылку, видит табло; отзовите её, если она попала не туда.
board-link-revoke-ask = Отозвать ссылку № { $id }? Экраны с ней перестанут показывать табло.
board-link-revoke-yes = 🗑 Да, отозвать
board-link-revoke-no = ↩️ Нет, оставить
board-link-revoked = Ссылка № { $id } отозвана.
board-link-gone = Этой ссылки уже нет. Откройте /board заново.
board-links-admins-only = Ссылки на табло создают администраторы.
board-btn-close = ✖️ Закрыть
board-link-forgotten = 🖥 Ссылка на табло была показана здесь один раз и больше не хранится.
