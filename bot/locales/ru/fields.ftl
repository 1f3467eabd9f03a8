## Ticket fields: input errors, value display, field-set checks, the field-set file and its diff.

field-step = Шаг { $number } из { $total }

## Input errors: what is expected, shown before the same field is asked again.

field-error-empty = Пустое значение. Введите текст или нажмите «Пропустить», если поле необязательное.
field-error-text-too-short = Слишком коротко: нужно не меньше { $min } { $min ->
    [one] символа
   *[other] символов
}.
field-error-text-too-long = Слишком длинно: { $length } символов, а можно не больше { $max }.
field-error-text-pattern = Значение не подходит по формату. { $hint }
field-error-number = Нужно число, например 15 или 2,5.
field-error-number-whole = Нужно целое число, например 15.
field-error-number-integer = Нужно целое число, без дробной части.
field-error-number-min = Число должно быть не меньше { $min }.
field-error-number-max = Число должно быть не больше { $max }.
field-error-phone = Не похоже на номер телефона. Введите, например, 8 921 555-01-01 или +7 921 555-01-01; для других стран — с «+» и кодом страны.
field-error-date = Не понимаю дату. Введите, например, 27.11.2026, 27.11, «27 ноября» или «завтра».
field-error-date-nonexistent = Такой даты нет: { $value }. Проверьте число и месяц и введите дату снова, например 27.11.2026.
field-error-date-min = Дата должна быть не раньше { $min }.
field-error-date-max = Дата должна быть не позже { $max }.
field-error-datetime = Не понимаю дату и время. Введите, например, 27.11.2026 14:30 или «завтра 10:00».
field-error-datetime-time = Добавьте время после даты, например: 27.11 14:30.
field-error-time = Нет такого времени. Часы — от 0 до 23, минуты — от 00 до 59, например 14:30.
field-error-yes-no = Ответьте «да» или «нет» — или нажмите кнопку.
field-error-choice = Выберите вариант кнопкой или введите его номер (от 1 до { $count }) или название.
field-error-multi-choice = Отметьте варианты кнопками или перечислите их номера (от 1 до { $count }) через запятую.
field-error-multi-choice-empty = Отметьте хотя бы один вариант, затем нажмите «Готово».
field-error-attachments-text = Здесь ждём файлы: пришлите фото или документ, затем нажмите «Готово».
field-error-attachments-empty = Пришлите хотя бы один файл, затем нажмите «Готово».
field-error-attachments-too-few = Нужно не меньше { $min } { $min ->
    [one] файла
   *[other] файлов
}.
field-error-attachments-too-many = Можно приложить не больше { $max } { $max ->
    [one] файла
   *[other] файлов
}.
field-error-attachment-too-big = Файл больше { $limit_mb } МБ — бот не сможет его получить. Сожмите файл или пришлите ссылку текстом.

## Values on the summary and ticket cards.

field-display-empty = —
field-display-yes = да
field-display-no = нет
field-display-number = { $value }
field-display-attachments = { $count } { $count ->
    [one] файл
    [few] файла
   *[many] файлов
}

## Field types, for the settings screens.

field-type-name-text = Строка
field-type-name-long_text = Длинный текст
field-type-name-number = Число
field-type-name-phone = Телефон
field-type-name-date = Дата
field-type-name-datetime = Дата и время
field-type-name-choice = Один вариант
field-type-name-multi_choice = Несколько вариантов
field-type-name-yes_no = Да/нет
field-type-name-attachments = Вложения

## Problems in one field definition (settings, config, the field-set file).

field-def-error-missing = Значение обязательно.
field-def-error-invalid = Недопустимое значение.
field-def-error-too-long = Слишком длинное значение: не больше { $max } символов.
field-def-error-key = Ключ — латинские строчные буквы, цифры и «_», начинается с буквы (например, work_type).
field-def-error-type = Неизвестный тип. Допустимы: text, long_text, number, phone, date, datetime, choice, multi_choice, yes_no, attachments.
field-def-error-yes-no = Нужно «да» или «нет».
field-def-error-integer = Нужно целое число.
field-def-error-negative = Число не может быть отрицательным.
field-def-error-unknown-attribute = Неизвестный параметр поля.
field-def-error-choice-label = Вариант не должен содержать «;» и быть длиннее { $limit } символов.
field-def-error-choice-duplicate = Вариант «{ $choice }» указан дважды.
field-def-error-choices-missing = Для выбора из вариантов перечислите варианты через «;».
field-def-error-choices-unexpected = Варианты бывают только у полей выбора (choice, multi_choice).
field-def-error-bound = Минимум и максимум: числа — для number, даты или today — для date и datetime, количество файлов — для attachments.
field-def-error-rule-unexpected = Это ограничение не подходит к типу поля.
field-def-error-min-max = Минимум больше максимума.
field-def-error-pattern = Шаблон не является корректным регулярным выражением.
field-def-error-condition-required = Условие показа возможно только у необязательного поля.
field-def-error-condition-self = Поле не может зависеть от самого себя.

## Problems in the field set as a whole.

field-set-error-duplicate-key = Ключ { $key } уже занят другим полем.
field-set-error-condition-unknown = Условие ссылается на несуществующее поле { $field }.
field-set-error-condition-order = Поле { $field } из условия должно идти раньше этого поля.
field-set-error-condition-retired = Поле { $field } из условия выведено из использования.
field-set-error-condition-type = Условие может ссылаться только на поле выбора или «да/нет», а { $field } — не такое.
field-set-error-condition-value = У поля { $field } нет такого значения. Допустимы: { $allowed }.
field-set-error-empty = В наборе нет ни одного поля.
field-set-error-no-active = Должно остаться хотя бы одно активное поле.

## The field-set file.

field-file-error-unreadable = Не удалось прочитать файл. Нужен файл Excel (.xlsx).
field-file-error-no-header = Не найдена строка заголовков (столбец «Ключ»).
field-file-error-missing-column = Нет столбца «{ $column }».
field-file-error-too-many-rows = Слишком много строк в файле.
field-file-error-yes-no = Нужно «да» или «нет».
field-file-error-integer = Нужно целое число.
field-file-error-bound = Нужно число, дата (ДД.ММ.ГГГГ) или today.
field-file-error-condition-incomplete = Для условия нужны и поле, и значение.
field-file-types-type = Тип
field-file-types-meaning = Что вводит оператор
field-file-types-note = Ключ поля не меняйте: по нему хранятся значения заявок. Чтобы убрать поле, поставьте «нет» в «Активно» — старые заявки его сохранят.
field-type-help-text = Строка текста; ограничения: мин./макс. длина, шаблон.
field-type-help-long-text = Длинный текст, хранится целиком, даже если длиннее одного сообщения.
field-type-help-number = Число (целое или дробное, через запятую); ограничения: минимум, максимум, только целые.
field-type-help-phone = Телефон; российские номера приводятся к виду +7 921 555-01-01.
field-type-help-date = Дата: календарь или ввод (27.11.2026, 27.11, «завтра»); минимум и максимум — даты или today.
field-type-help-datetime = Дата и время (27.11.2026 14:30); минимум и максимум — даты или today.
field-type-help-choice = Один вариант из списка кнопок; варианты через «;».
field-type-help-multi-choice = Несколько вариантов кнопками-переключателями; варианты через «;».
field-type-help-yes-no = Да или нет.
field-type-help-attachments = Фото и документы (по одному или несколько); минимум и максимум — число файлов.

## Preview of the differences before a new field set is applied.

field-diff-none = Изменений нет.
field-diff-added = Новое поле: «{ $label }».
field-diff-retired = Выводится из использования: «{ $label }».
field-diff-restored = Возвращается в работу: «{ $label }».
field-diff-renamed = Переименовано: «{ $old }» → «{ $new }».
field-diff-changed = «{ $label }»: изменено { $attribute ->
    [hint] подсказка
    [required] обязательность
    [choices] варианты
    [show_if] условие показа
    [min] минимум
    [max] максимум
    [integer_only] «только целые»
    [min_length] минимальная длина
    [max_length] максимальная длина
    [pattern] шаблон
   *[other] { $attribute }
}.
field-diff-reordered = Новый порядок: { $order }.
field-diff-error-type-changed = Поле { $key } нельзя сменить с типа { $old } на { $new }: заведите новое поле с новым ключом.
field-error-datetime-past = Это время уже прошло (сейчас { $now }). Укажите время не раньше текущего, например «завтра 10:00».
field-error-datetime-future = Это время ещё не наступило (сейчас { $now }). Укажите время не позже текущего.
