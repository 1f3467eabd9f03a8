## Staff: import, invitations, list and cards (handlers/staff_*.py)

menu-staff-upload = 📤 Загрузить исполнителей
menu-staff = 👥 Сотрудники
menu-shift = 🟢 Моя смена
cmd-staff = Сотрудники: список, карточки, роли
cmd-import = Загрузка списка исполнителей (.xlsx)
cmd-shift = Моя смена: на смене / не на смене

## Import
staff-upload-help =
    📤 <b>Загрузка списка исполнителей</b>
    Отправьте сюда выгрузку из кадровой базы файлом Excel (.xlsx) — документом, не фото.
    Нужны столбцы «Фамилия», «Имя», «Отчество», «Должность»; «Телефон» и «Telegram» — по желанию.
    Ограничения: файл до { $limit_mb } МБ, не больше { $max_rows } строк.
    Сначала я покажу, что изменится, и ничего не запишу без вашего подтверждения.
staff-preview =
    📋 <b>Проверка файла «{ $filename }»</b>
    Будет добавлено: { $create }
    Будет обновлено: { $update }
    Без изменений: { $unchanged }
    Строк с ошибками (будут пропущены): { $errors }
staff-preview-errors-title = ⚠️ <b>Ошибки</b> ({ $count }):
staff-preview-missing-title = 🚪 <b>Нет в файле</b>, но активны в списке ({ $count }) — их можно отключить:
staff-preview-inactive-title = 💤 <b>Отключены</b>, но есть в файле ({ $count }) — включить можно в карточке сотрудника:
staff-preview-person = • { $name } — { $position }
staff-preview-more = … и ещё { $count }
staff-preview-confirm = Нажмите «Импортировать», чтобы применить изменения, или «Отмена».{ $errors ->
        [0] {""}
       *[other] {" "}Строки с ошибками будут пропущены.
    }
staff-preview-confirm-missing-only = Данные в файле совпадают со списком. Чтобы отключить тех, кого нет в файле, нажмите «⛔ Отключить отсутствующих», или «Отмена».
staff-preview-nothing = ✅ Изменений нет: список сотрудников уже совпадает с файлом.
staff-import-button = ✅ Импортировать
staff-deactivate-missing = ⛔ Отключить отсутствующих ({ $count })
staff-import-deactivate-button = ✅ Импортировать и отключить отсутствующих ({ $count })
staff-errors-filename = { $stem } — ошибки.xlsx
staff-errors-caption = Строки с ошибками отмечены в столбце «Ошибка» ({ $count }). Исправьте их в этом файле и отправьте его целиком снова.
staff-import-done = ✅ Импорт выполнен. Добавлено: { $created }, обновлено: { $updated }, отключено: { $deactivated }.
staff-import-stale = Список сотрудников изменился после проверки — эта проверка устарела, ничего не записано. Ниже новая проверка того же файла.
staff-import-cancelled = Импорт отменён, ничего не изменено.
staff-import-not-found = Загрузка не найдена. Отправьте файл снова.
staff-import-already-applied = Этот файл уже импортирован, повторно ничего не меняется.
staff-import-was-cancelled = Импорт этого файла был отменён. Чтобы импортировать, отправьте файл снова.
staff-btn-open-ticket = 📄 № { $number }
staff-deactivated-open-tickets =
    ⚠️ Сотрудник <b>{ $name }</b> отключён, а у него открытых заявок: { $count } ({ $numbers }).
    Откройте заявку и нажмите «👤 Назначить», чтобы передать её другому исполнителю.

## Invitations
staff-invite-linked =
    ✅ Готово! Ваш Telegram привязан к записи сотрудника: <b>{ $name }</b>.
    Ваши роли: { $roles }.
staff-invite-already-yours = Эта ссылка уже использована вами — ваш Telegram привязан. Откройте меню: /start
staff-invite-invalid = Ссылка-приглашение не найдена или повреждена. Попросите администратора прислать новую.
staff-invite-used = Эта ссылка-приглашение уже использована. Если это были не вы, сообщите администратору и попросите новую ссылку.
staff-invite-expired = Срок действия ссылки-приглашения истёк. Попросите администратора прислать новую.
staff-invite-account-taken = Ваш Telegram уже привязан к другому сотруднику, поэтому ссылку использовать нельзя. Обратитесь к администратору.
staff-invite-person-taken = К этой записи сотрудника уже привязан другой Telegram. Обратитесь к администратору.
staff-invite-inactive = Эта запись сотрудника отключена. Обратитесь к администратору.
staff-invite-not-pending = Запрос уже рассмотрен.
staff-invite-not-needed = Приглашение не нужно: сотрудник отключён или уже привязан к Telegram.
staff-invite-one =
    🔗 Приглашение: <b>{ $name }</b> (действует { $days } дн., сработает один раз):
    { $url }
    Перешлите ссылку сотруднику: открыв её, он попадёт в бот под своей записью.
staff-invite-all-none = Все активные сотрудники уже привязаны к Telegram — приглашения не нужны.
staff-invite-all-caption = 🔗 Ссылки-приглашения для сотрудников без Telegram: { $count }. Каждая ссылка личная, сработает один раз и действует { $days } дн. Прежние неиспользованные ссылки этих сотрудников больше не действуют.
staff-links-col-name = ФИО
staff-links-col-position = Должность
staff-links-col-link = Ссылка
staff-links-sheet = Приглашения
staff-links-filename = Приглашения.xlsx

## Linking an access request to a staff record
staff-link-button = 🔗 Привязать к сотруднику
staff-link-prompt =
    Запрос № { $id }: введите начало фамилии сотрудника, к записи которого привязать этот Telegram.
    Показываются только активные сотрудники без Telegram.
staff-link-nothing = Никого не нашлось по «{ $surname }». Введите другую фамилию.
staff-link-done = ✅ Запрос № { $id } одобрен. Запись сотрудника: { $name }.
staff-link-user =
    ✅ Доступ открыт. Запись сотрудника: <b>{ $name }</b>. Ваши роли: { $roles }.
    Выберите действие:

## Staff list
staff-filter-any = Любая
staff-role-none = без ролей
staff-list =
    👥 <b>Сотрудники</b>: { $total } (страница { $page } из { $pages })
    Фамилия: { $surname } · Должность: { $position } · Роль: { $role }
    Telegram: { $linked ->
        [yes] привязан
        [no] не привязан
       *[all] все
    } · Статус: { $active ->
        [yes] активные
        [no] отключённые
       *[all] все
    }
    Нажмите на сотрудника, чтобы открыть карточку.
staff-btn-search = 🔍 Поиск по фамилии
staff-btn-filters = ⚙️ Фильтры
staff-btn-export = 📤 Выгрузить в Excel
staff-btn-invite-all = 🔗 Приглашения для всех без Telegram
staff-btn-close = ✖️ Закрыть
staff-search-prompt = Введите начало фамилии (сейчас: { $surname }).
staff-btn-clear-search = 🧹 Сбросить поиск
staff-filters = ⚙️ <b>Фильтры</b>. Нажмите на фильтр, чтобы изменить его, затем «Показать».
staff-filter-position-btn = Должность: { $position }
staff-filter-role-btn = Роль: { $role }
staff-filter-linked-btn = Telegram: { $linked ->
        [yes] привязан
        [no] не привязан
       *[all] все
    }
staff-filter-active-btn = Статус: { $active ->
        [yes] активные
        [no] отключённые
       *[all] все
    }
staff-btn-reset = 🧹 Сбросить фильтры
staff-btn-show = 👥 Показать
staff-choose-position = Выберите должность:
staff-choose-role = Выберите роль:

## Person card
staff-card =
    👤 <b>{ $name }</b>
    Должность: { $position }
    Телефон: { $phone }
    Роли: { $person_roles }
    Telegram: { $linked ->
        [yes] привязан
       *[no] не привязан
    }
    Статус: { $active ->
        [yes] активен
       *[no] отключён
    }
    Смена: { $available ->
        [yes] на смене
       *[no] не на смене
    }
    Открытых заявок: { $open_tickets }
staff-not-found = Сотрудник не найден. Вернитесь к списку.
staff-btn-roles = 🎭 Роли
staff-btn-shift = { $available ->
        [yes] ⚪ Снять со смены
       *[no] 🟢 Поставить на смену
    }
staff-btn-invite = 🔗 Ссылка-приглашение
staff-btn-deactivate = ⛔ Отключить
staff-btn-reactivate = ✅ Включить
staff-btn-deactivate-yes = ⛔ Да, отключить
staff-roles-choose = Сотрудник: <b>{ $name }</b>. Отметьте его роли и нажмите «Сохранить».
staff-roles-self = Нельзя снять роль администратора с самого себя.
staff-saved = Сохранено.
staff-deactivate-confirm =
    Отключить сотрудника: <b>{ $name }</b>? Доступ к боту пропадёт сразу.
    Открытых заявок: { $open_tickets } — руководители получат их список для переназначения.
staff-deactivate-self = Нельзя отключить самого себя.
staff-deactivated = Сотрудник отключён.
staff-reactivated = Сотрудник снова активен.
staff-shift-now = { $available ->
        [yes] Теперь на смене.
       *[no] Теперь не на смене.
    }

## Export
staff-export-col-roles = Роли
staff-export-col-status = Статус
staff-export-col-linked = Telegram привязан
staff-export-status = { $active ->
        [yes] активен
       *[no] отключён
    }
staff-export-linked = { $linked ->
        [yes] да
       *[no] нет
    }
staff-export-sheet = Сотрудники
staff-export-filename = Сотрудники.xlsx
staff-export-caption = 📤 Список сотрудников: { $count }. Первые столбцы — как в файле для загрузки.

## Own shift (executors)
staff-shift-status = { $available ->
        [yes] 🟢 Вы <b>на смене</b>: новые заявки могут назначаться вам автоматически.
       *[no] ⚪ Вы <b>не на смене</b>: автоматически заявки вам не назначаются.
    }
staff-shift-toggle = { $available ->
        [yes] ⚪ Уйти со смены
       *[no] 🟢 Выйти на смену
    }

## Command line (python -m bot import-executors)
staff-cli-dry-run = Пробный запуск (--dry-run): ничего не записано. Запустите без --dry-run, чтобы импортировать.
staff-cli-no-file = Не удалось открыть файл { $path }: { $problem }. Проверьте путь.
