# Workflow: stage transitions, assignment, the stage-set file. Ids start with "wf-".
# Stage names themselves are configured data and come in the arguments.

## Buttons (available actions)

wf-action-move = ➡️ { $stage }
wf-action-skip = ⏭ { $stage } (пропустить: { $skipped })
wf-action-finish = ✅ Завершить
wf-action-confirm = 👍 Подтвердить
wf-action-return = ↩️ Вернуть в работу
wf-action-reopen = 🔄 Открыть заново
wf-action-close = ✅ Закрыть
wf-action-reject = ⛔ Отклонить
wf-action-transfer = 📤 Передать в другой отдел

## Why a transition was refused

wf-deny-stale = Заявка уже не на этом этапе: сейчас она «{ $stage }». Обновите карточку.
wf-deny-unknown-stage = Этапа «{ $stage }» нет в текущей схеме этапов.
wf-deny-same-stage = Заявка уже на этапе «{ $stage }».
wf-deny-terminal = Заявка на конечном этапе «{ $stage }», менять его нельзя.
wf-deny-not-allowed = С этапа «{ $source }» нельзя перейти на «{ $target }».
wf-deny-not-executor = Вы больше не исполнитель: двигать заявку может исполнитель или руководитель. Если это ошибка, обратитесь к администратору.
wf-deny-not-assignee = Двигать заявку может только её исполнитель или руководитель.
wf-deny-not-author = Подтвердить или вернуть заявку может только её автор или руководитель.
wf-deny-unassigned = У заявки нет исполнителя: двигать её может только руководитель.
wf-deny-needs-assignee = Для этапа «{ $stage }» нужен исполнитель.
wf-deny-needs-report = Для этапа «{ $stage }» нужен отчёт о выполнении.
wf-deny-reopen-forbidden = Открыть заявку заново может только её автор или руководитель.
wf-deny-reopen-window = Открыть заявку заново можно только в течение { $days ->
        [one] { $days } дня
       *[other] { $days } дней
    } после закрытия.

## Assignment

wf-assign-nobody-fits = Не найден свободный исполнитель для категории «{ $category }». Назначьте исполнителя вручную.
wf-assign-nobody-fits-any = Не найден свободный исполнитель. Назначьте исполнителя вручную.

## Workflow validation (stage keys as typed in the configuration)

wf-error-no-stages = В схеме нет ни одного этапа.
wf-error-duplicate-key = Код этапа «{ $stage }» встречается несколько раз.
wf-error-unknown-initial = Начальный этап «{ $stage }» не найден.
wf-error-initial-terminal = Начальный этап «{ $stage }» не может быть конечным.
wf-error-no-terminal = Нужен хотя бы один конечный этап (с итогом).
wf-error-terminal-has-next = Из конечного этапа «{ $stage }» нельзя переходить дальше — только открыть заявку заново.
wf-error-skip-rule-on-required = Этап «{ $stage }» обязательный: правило пропуска для него не действует.
wf-error-duplicate-target = Переход «{ $stage }» → «{ $target }» указан дважды.
wf-error-self-transition = Этап «{ $stage }» ссылается сам на себя.
wf-error-unknown-target = Этап «{ $stage }» ссылается на несуществующий этап «{ $target }».
wf-error-reopen-on-non-terminal = Этап возврата при открытии заново задают только конечным этапам, а «{ $stage }» не конечный.
wf-error-reopen-to-terminal = Открытая заново заявка не может вернуться на конечный этап «{ $target }» (этап «{ $stage }»).
wf-error-unreachable = На этап «{ $stage }» нельзя попасть из начального этапа.
wf-error-dead-end = С этапа «{ $stage }» нельзя дойти ни до одного конечного этапа.
wf-error-config-field = Этап №{ $index }, поле «{ $field }»: { $detail }

## Importing the stage-set file

wf-import-not-xlsx = Это не файл Excel (.xlsx).
wf-import-no-header = Не найдена строка заголовков (ищем столбец «{ $column }» в первых строках).
wf-import-missing-column = Нет обязательного столбца «{ $column }».
wf-import-empty = В файле нет ни одного этапа.
wf-import-too-many = Строка { $row }: слишком много этапов, не больше { $max }.
wf-import-required-value = Строка { $row }, «{ $column }»: значение обязательно.
wf-import-bad-key = Строка { $row }, «{ $column }»: «{ $value }» — не код этапа (латинские строчные буквы, цифры и «_», начиная с буквы).
wf-import-bad-bool = Строка { $row }, «{ $column }»: «{ $value }» — ожидается «да» или «нет».
wf-import-bad-number = Строка { $row }, «{ $column }»: «{ $value }» — ожидается целое число не меньше { $minimum }.
wf-import-bad-choice = Строка { $row }, «{ $column }»: «{ $value }» — допустимо: { $allowed }.
wf-import-too-long = Строка { $row }, «{ $column }»: не длиннее { $max } символов.
wf-import-mode-without-limit = Строка { $row }, «{ $column }»: режим указан, а лимит в минутах — нет.
wf-import-duplicate-key = Строка { $row }, «{ $column }»: код «{ $key }» уже есть в строке { $first }.
wf-import-invalid = Строка { $row }: { $detail }

## Preview of changes

wf-diff-none = Изменений нет.
wf-diff-added = ➕ Новый этап «{ $name }» ({ $stage })
wf-diff-removed = ➖ Удалён этап «{ $name }» ({ $stage })
wf-diff-initial = Начальный этап: «{ $old }» → «{ $new }»
wf-diff-changed-name = «{ $stage }»: название «{ $old }» → «{ $new }»
wf-diff-changed-order = «{ $stage }»: порядок { $old } → { $new }
wf-diff-changed-required = «{ $stage }»: { $new ->
        [yes] теперь обязательный
       *[no] теперь необязательный
    }
wf-diff-changed-next-stages = «{ $stage }»: следующие этапы { $old } → { $new }
wf-diff-changed-outcome = «{ $stage }»: итог { $old ->
        [done] выполнена
        [rejected] отклонена
        [transferred] передана в другой отдел
       *[none] нет (не конечный)
    } → { $new ->
        [done] выполнена
        [rejected] отклонена
        [transferred] передана в другой отдел
       *[none] нет (не конечный)
    }
wf-diff-changed-needs-assignee = «{ $stage }»: исполнитель { $new ->
        [yes] теперь нужен
       *[no] больше не нужен
    }
wf-diff-changed-needs-report = «{ $stage }»: отчёт { $new ->
        [yes] теперь нужен
       *[no] больше не нужен
    }
wf-diff-changed-needs-confirmation = «{ $stage }»: подтверждение автора { $new ->
        [yes] теперь нужно
       *[no] больше не нужно
    }
wf-diff-changed-limit-minutes = «{ $stage }»: лимит, мин { $old } → { $new }
wf-diff-changed-limit-mode = «{ $stage }»: режим лимита { $old ->
        [working] рабочее время
        [calendar] календарное время
       *[none] не задан
    } → { $new ->
        [working] рабочее время
        [calendar] календарное время
       *[none] не задан
    }
wf-diff-changed-pauses-clock = «{ $stage }»: { $new ->
        [yes] теперь останавливает отсчёт времени
       *[no] больше не останавливает отсчёт времени
    }
wf-diff-changed-reopen-to = «{ $stage }»: при открытии заново { $old } → { $new }
wf-diff-changed-skip-for-categories = «{ $stage }»: пропуск для категорий { $old } → { $new }
