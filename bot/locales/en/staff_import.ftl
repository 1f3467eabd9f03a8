## Executor import from Excel (services/staff_import).
## Row numbers are printed without digit grouping so that they read like Excel's row headers.

import-error-column = Error
import-row-line = Row { NUMBER($row, useGrouping: 0) }: { $reasons }

## The whole file is refused; nothing is changed

import-error-too-big = The file is larger than { $limit_mb } MB. Remove extra sheets, pictures and columns from the workbook, or split the list into several files, and send it again.
import-error-empty-file = The file is empty. Send the staff list export as an .xlsx file.
import-error-xls = This is an old Excel file (.xls). Open it in Excel, choose "File → Save As", type "Excel Workbook (.xlsx)", and send it again.
import-error-encrypted = The workbook is password-protected, so the bot cannot read it. Open it in Excel, remove the password ("File → Info → Protect Workbook → Encrypt with Password", clear the field), save it and send it again.
import-error-csv = This is a text (CSV) file, but an Excel workbook is needed. Open it in Excel, save it as "Excel Workbook (.xlsx)" and send it again.
import-error-ods = This is an OpenDocument spreadsheet (.ods). Save it as "Excel Workbook (.xlsx)" (in LibreOffice: "File → Save As", type "Excel 2007-365") and send it again.
import-error-xlsb = This is a binary Excel workbook (.xlsb). Save it in Excel as "Excel Workbook (.xlsx)" and send it again.
import-error-not-spreadsheet = This is not an Excel spreadsheet. Send the staff list as an .xlsx file — as a document, not as a photo.
import-error-corrupt = The file is damaged or cannot be read as an Excel workbook. Open it in Excel, save it again as "Excel Workbook (.xlsx)" and send it again.
import-error-unpacked-too-big = The file is suspiciously highly compressed or too large when unpacked; such files are not processed. Copy the staff list into a new Excel workbook, save it as .xlsx and send it again.
import-error-unsafe-xml = The file contains forbidden XML constructs and will not be processed. Copy the staff list into a new Excel workbook, save it as .xlsx and send it again.
import-error-empty-sheet = The workbook has no data: every sheet is empty. Check that you sent the right file.
import-error-no-header = No header row found. One of the first rows of a sheet must have the columns «Фамилия», «Имя», «Отчество», «Должность» (optionally «Телефон» and «Telegram»). Add the headers and send the file again.
import-error-missing-columns = The header row ({ NUMBER($row, useGrouping: 0) }) of sheet "{ $sheet }" lacks required columns: { $columns }. Add them and send the file again.
import-error-no-data = There are no staff rows below the header row. Fill in the list and send the file again.
import-error-too-many-rows = The file has more than { $limit } staff rows. Split the list into parts of at most { $limit } rows and upload them one by one.

## A row is skipped; the rest of the file can still be imported

import-row-missing = { $field ->
    [last_name] The surname is empty.
    [first_name] The first name is empty.
    [patronymic] The patronymic is empty.
   *[position] The position is empty.
  }
import-row-digits = { $field ->
    [last_name] The surname
    [first_name] The first name
   *[patronymic] The patronymic
  } contains digits — check that the columns have not shifted.
import-row-bad-characters = { $field ->
    [last_name] The surname
    [first_name] The first name
   *[patronymic] The patronymic
  } contains invalid characters: keep only letters, spaces, hyphens and apostrophes.
import-row-too-long = { $field ->
    [last_name] The surname
    [first_name] The first name
    [patronymic] The patronymic
   *[position] The position
  } is longer than { $max } characters — shorten it.
import-row-bad-phone = The phone number is not recognised. Enter one number like +7 921 555-01-01 or 8 921 555-01-01.
import-row-bad-telegram = The Telegram username is not recognised. Enter it like @ivanov_i: 5 to 32 Latin letters, digits or "_".
import-row-duplicate = Repeats row { NUMBER($row, useGrouping: 0) }: the same person with the same position. Delete the extra row.
import-row-ambiguous = The staff list already has { $count } records with this full name and position, so it is unclear which one to update. Merge or correct them under "Staff" and upload the file again.
