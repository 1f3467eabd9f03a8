## Start-up (one line on the console)
cli-no-token = Не задан токен бота. Получите его у @BotFather (команда /newbot) и укажите в config.toml в разделе [telegram] (token = "...") или в переменной окружения HELPDESK_TELEGRAM__TOKEN.
cli-bad-config = Ошибка в настройках: { $key }: { $problem }. Исправьте config.toml или переменную окружения HELPDESK_{ $env }.
cli-bad-toml = Файл настроек { $path } не читается как TOML: { $problem }.
cli-db-unavailable = База данных недоступна ({ $url }): { $problem }. Проверьте [database] url и что сервер запущен.
cli-token-rejected = Telegram не принял токен бота. Проверьте [telegram] token (HELPDESK_TELEGRAM__TOKEN) у @BotFather.
cli-api-unreachable = Сервер Bot API недоступен ({ $url }): { $problem }. Проверьте [telegram] api_base и сеть.
cli-started = Бот @{ $username } запущен ({ $mode }). Остановить: Ctrl+C.
cli-webhook-port-busy = Не удалось открыть порт { $host }:{ $port } для вебхука: { $problem }.

## Roles
role-operator = Оператор
role-executor = Исполнитель
role-manager = Руководитель
role-admin = Администратор

## Buttons
btn-back = ◀️ Назад
btn-cancel = ✖️ Отмена
btn-save = 💾 Сохранить
btn-menu = 🏠 Меню

## Commands (menu of the Telegram client)
cmd-start = Главное меню
cmd-help = Справка: ваши команды
cmd-cancel = Отмена текущего действия
cmd-requests = Запросы доступа

## Start and menu
start-unknown =
    Здравствуйте! Это служба заявок { $company }.
    Чтобы пользоваться ботом, запросите доступ — администратор его подтвердит.
start-request-button = 🔑 Запросить доступ
start-request-pending = Ваш запрос доступа уже у администраторов. Как только его рассмотрят, я сообщу.
start-menu =
    Здравствуйте, { $name }!
    Ваши роли: { $roles }.
    Выберите действие:
start-menu-empty = Для ваших ролей пока нет действий в меню.
menu-requests = 🔑 Запросы доступа
help-text =
    Это служба заявок { $company } в Telegram. Ваши команды:
    { $commands }
    Если что-то пошло не так, нажмите /start.

## Access requests
access-requested = Запрос отправлен администраторам. Я сообщу, когда его рассмотрят.
access-request-for-admin =
    🔑 <b>Запрос доступа</b> № { $id }
    Имя в Telegram: { $name }
    Username: { $username }
    Telegram ID: <code>{ $telegram_id }</code>
access-approve-button = ✅ Одобрить
access-reject-button = ❌ Отклонить
access-choose-roles =
    Запрос № { $id }: <b>{ $name }</b>.
    Выберите роли и нажмите «Сохранить».
access-choose-at-least-one = Выберите хотя бы одну роль.
access-approved-admin = ✅ Запрос № { $id } одобрен. Роли: { $roles }.
access-rejected-admin = ❌ Запрос № { $id } отклонён.
access-already-decided = Запрос № { $id } уже рассмотрен.
access-not-found = Запрос не найден.
access-approved-user =
    ✅ Доступ открыт. Ваши роли: { $roles }.
    Выберите действие:
access-rejected-user = К сожалению, в доступе отказано. Если это ошибка, обратитесь к администратору.
access-no-pending = Новых запросов доступа нет.
access-pending-list = Запросы доступа, ожидающие решения:
access-pending-item = № { $id }: { $name } ({ $username })
access-deactivated = Ваш доступ отключён. Обратитесь к администратору.
no-username = без username

## Common answers
cancelled = Действие отменено.
nothing-to-cancel = Нечего отменять. Откройте меню: /start
no-rights = У вас нет прав на это действие. Откройте меню: /start
unknown-message = Я не понял сообщение. Откройте меню: /start
unknown-button = Эта кнопка устарела. Откройте меню: /start
stale-dialog = Это меню устарело. Откройте его заново: /start
dialog-not-allowed = Это меню вам больше недоступно: ваши роли изменились. Оно закрыто. Откройте меню: /start
error-internal = ⚠️ Не получилось выполнить действие, ничего не изменено. Попробуйте ещё раз; если ошибка повторится, сообщите администратору код { $code }.
cli-needed-for-webhook = Для режима webhook нужен ключ { $key }: укажите его в config.toml или в переменной окружения HELPDESK_{ $env }.
cli-workers-need-postgres = Для [api] workers = { $workers } нужна PostgreSQL ([database] url = postgresql+asyncpg://...): с SQLite работает один процесс. Укажите workers = 1 или перейдите на PostgreSQL (HELPDESK_API__WORKERS, HELPDESK_DATABASE__URL).
menu-admin-tools = 🛡 Администрирование и ПДн
menu-admin-tools-title =
    <b>🛡 Администрирование и персональные данные</b>
    Интеграции, табло, журнал аудита, запросы субъектов ПДн, сроки хранения.
