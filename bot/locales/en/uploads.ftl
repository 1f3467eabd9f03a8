# Field patterns (regular expressions) set by managers.
pattern-error-unsupported = The pattern contains “{ $found }”, which is not supported: answers are checked against patterns in time proportional to their length, so backreferences, lookahead and lookbehind, atomic groups, possessive repeats, conditionals and word boundaries cannot be used. Avoid: { $constructs }. Rewrite the pattern without them — for example, list the alternatives with |.
pattern-error-too-long = The pattern is longer than { $max } characters. Shorten it.

# Any .xlsx a person uploads (stages, ticket fields; the staff list has its own wording).
upload-error-too-big = The file is larger than { $limit_mb } MB, too much for this table: remove extra sheets, pictures and rows and send it again.
upload-error-empty-file = The file is empty. Send an Excel workbook (.xlsx).
upload-error-xls = This is an old Excel file (.xls). Open it in Excel, choose “File → Save As”, type “Excel Workbook (.xlsx)”, and send it again.
upload-error-encrypted = The workbook is password-protected, so the bot cannot read it. Remove the password in Excel, save the workbook and send it again.
upload-error-csv = This is a text file (CSV), but an Excel workbook is needed. Open it in Excel, save it as “Excel Workbook (.xlsx)” and send it again.
upload-error-ods = This is an OpenDocument spreadsheet (.ods). Save it as “Excel Workbook (.xlsx)” (in LibreOffice: “File → Save As”, type “Excel 2007-365”) and send it again.
upload-error-xlsb = This is a binary Excel workbook (.xlsb). Save it in Excel as “Excel Workbook (.xlsx)” and send it again.
upload-error-not-spreadsheet = This is not an Excel table. Send an .xlsx file as a document.
upload-error-corrupt = The file is damaged or cannot be read as an Excel workbook. Open it in Excel, save it again as “Excel Workbook (.xlsx)” and send it again.
upload-error-unpacked-too-big = The file is suspiciously highly compressed or too large when unpacked; such files are not processed and nothing was changed. Download the table from the bot again, make your edits and send it.
upload-error-unsafe-xml = The file contains XML constructs that are not allowed; it will not be processed. Copy the data into a new Excel workbook, save it as .xlsx and send it again.
upload-error-too-slow = Reading the file took longer than { $seconds } s and was stopped; nothing was changed. Remove extra sheets and data from the workbook and send it again.
upload-error-too-much-memory = Reading the file needs too much memory; it was not processed and nothing was changed. Remove extra sheets and data from the workbook and send it again.
upload-error-long-text = A cell holds more than { $limit } characters — more than Excel keeps in a cell; the file was not processed. Copy the data into a new Excel workbook, save it as .xlsx and send it again.
upload-error-too-much-text = The workbook holds more than { $limit } characters of text, too much for this table; the file was not processed. Remove extra sheets and data or split the file and send it again.
