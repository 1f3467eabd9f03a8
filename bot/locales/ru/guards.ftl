# Protections: words a move needs, one answer for missing and others' tickets, strangers,
# edited messages. Ids start with "guard-" (the reopen prompt and confirmation follow the
# "work-prompt-…"/"work-applied-…" naming of the other actions that need words).

## A move that needs words, asked for without them (alerts)

guard-needs-reason = Для этого действия нужно указать причину — нажмите кнопку ещё раз и напишите её. Заявка не изменилась.
guard-needs-question = Чтобы запросить информацию, нужно написать вопрос автору — нажмите «❓ Запросить информацию» и напишите его. Заявка не изменилась.
guard-needs-department = Чтобы передать заявку, нужно указать отдел — нажмите «📤 Передать в другой отдел» и напишите его. Заявка не изменилась.

## Reopening with a reason

work-prompt-reopen = Почему заявка № { $number } открывается заново? Напишите причину — её получит исполнитель, она останется в истории заявки.
work-applied-reopen = Заявка № { $number } открыта заново, исполнитель получил причину.
guard-ev-reopened = открыта заново (этап «{ $target }»): { $text }

## Someone else's ticket, strangers

guard-taken-by-other = Заявка уже взята другим исполнителем.
guard-no-access = Нет доступа. Чтобы работать с ботом, запросите доступ: /start

## Edited messages

guard-edit-in-ticket-dialogue = Исправление не учтено: бот уже принял прежний ответ. Чтобы изменить поле, нажмите «✏️ Изменить…» на итоговом шаге, перед «Создать».
guard-edit-in-dialogue = Исправление не учтено: бот уже принял прежний ответ. Отправьте нужное новым сообщением или отмените действие: /cancel
guard-edit-outside = Изменённые сообщения бот не читает — отправьте новое сообщение.
