## Executor import from Excel (services/staff_import).
## Row numbers are printed without digit grouping so that they read like Excel's row headers.

import-error-column = Ошибка
import-row-line = Строка { NUMBER($row, useGrouping: 0) }: { $reasons }

## The whole file is refused; nothing is changed

import-error-too-big = Файл больше { $limit_mb } МБ. Удалите из книги лишние листы, картинки и столбцы или разбейте список на несколько файлов и отправьте снова.
import-error-empty-file = Файл пустой. Отправьте выгрузку списка сотрудников в формате .xlsx.
import-error-xls = Это файл старого формата Excel (.xls). Откройте его в Excel, выберите «Файл → Сохранить как», тип «Книга Excel (.xlsx)», и отправьте снова.
import-error-encrypted = Книга защищена паролем, бот не может её прочитать. Откройте её в Excel, снимите пароль («Файл → Сведения → Защита книги → Зашифровать с использованием пароля», очистите поле), сохраните и отправьте снова.
import-error-csv = Это текстовый файл (CSV), а нужна книга Excel. Откройте его в Excel, сохраните как «Книга Excel (.xlsx)» и отправьте снова.
import-error-ods = Это таблица OpenDocument (.ods). Сохраните её как «Книга Excel (.xlsx)» (в LibreOffice: «Файл → Сохранить как», тип «Excel 2007-365») и отправьте снова.
import-error-xlsb = Это двоичная книга Excel (.xlsb). Сохраните её в Excel как «Книга Excel (.xlsx)» и отправьте снова.
import-error-not-spreadsheet = Это не таблица Excel. Отправьте список сотрудников файлом .xlsx — документом, а не фотографией.
import-error-corrupt = Файл повреждён или не читается как книга Excel. Откройте его в Excel, сохраните заново как «Книга Excel (.xlsx)» и отправьте снова.
import-error-unpacked-too-big = Файл подозрительно сильно сжат или слишком велик в распакованном виде, такие файлы не обрабатываются. Скопируйте список сотрудников в новую книгу Excel, сохраните её как .xlsx и отправьте снова.
import-error-unsafe-xml = В файле есть недопустимые XML-конструкции, он не будет обработан. Скопируйте список сотрудников в новую книгу Excel, сохраните её как .xlsx и отправьте снова.
import-error-empty-sheet = В книге нет данных: все листы пустые. Проверьте, тот ли файл отправлен.
import-error-no-header = Не найдена строка заголовков. В одной из первых строк листа должны быть столбцы «Фамилия», «Имя», «Отчество», «Должность» (по желанию — «Телефон» и «Telegram»). Добавьте заголовки и отправьте файл снова.
import-error-missing-columns = На листе «{ $sheet }» в строке заголовков ({ NUMBER($row, useGrouping: 0) }) нет обязательных столбцов: { $columns }. Добавьте их и отправьте файл снова.
import-error-no-data = Под строкой заголовков нет ни одного сотрудника. Заполните список и отправьте файл снова.
import-error-too-many-rows = В файле больше { $limit } строк с сотрудниками. Разбейте список на части не больше { $limit } строк и загрузите их по очереди.

## A row is skipped; the rest of the file can still be imported

import-row-missing = { $field ->
    [last_name] Не заполнена фамилия.
    [first_name] Не заполнено имя.
    [patronymic] Не заполнено отчество.
   *[position] Не заполнена должность.
  }
import-row-digits = { $field ->
    [last_name] В фамилии есть цифры
    [first_name] В имени есть цифры
   *[patronymic] В отчестве есть цифры
  } — проверьте, не сдвинулись ли столбцы.
import-row-bad-characters = { $field ->
    [last_name] В фамилии
    [first_name] В имени
   *[patronymic] В отчестве
  } недопустимые символы: оставьте только буквы, пробелы, дефис и апостроф.
import-row-too-long = { $field ->
    [last_name] Фамилия
    [first_name] Имя
    [patronymic] Отчество
   *[position] Должность
  } длиннее { $max } символов — сократите.
import-row-bad-phone = Телефон не распознан. Укажите один номер в виде +7 921 555-01-01 или 8 921 555-01-01.
import-row-bad-telegram = Ник в Telegram не распознан. Укажите его в виде @ivanov_i: от 5 до 32 латинских букв, цифр или «_».
import-row-duplicate = Повтор строки { NUMBER($row, useGrouping: 0) }: тот же человек с той же должностью. Удалите лишнюю строку.
import-row-ambiguous = В списке сотрудников уже { $count ->
    [one] есть { $count } запись
    [few] есть { $count } записи
    [many] есть { $count } записей
   *[other] есть { $count } записи
  } с такими ФИО и должностью, непонятно, какую обновлять. Объедините или исправьте их в разделе «Сотрудники» и загрузите файл снова.
