## Dispatch: short notices with «Открыть», buttons named by what they do, a ticket from a
## forwarded or pasted message. Ids start with "dispatch-".

dispatch-btn-open = 📄 Открыть
dispatch-btn-refuse = 🙅 Не возьму — вернуть диспетчеру
dispatch-btn-reject = ⛔ Закрыть без выполнения
dispatch-btn-more = Ещё…
dispatch-btn-reject-yes = Да, закрыть
dispatch-btn-reject-back = Назад
dispatch-more-title = Ещё действия по заявке № { $number }:
dispatch-reject-confirm = Закрыть заявку № { $number } без выполнения? Автор заявки получит уведомление с причиной.
dispatch-reject-kept = Заявка № { $number } не закрыта, всё осталось как было.
dispatch-transfer-confirm = Передать заявку № { $number } в другой отдел? Заявка закроется, автор заявки получит уведомление.
dispatch-btn-transfer-yes = Да, передать

dispatch-offer = Похоже на обращение жителя. Создать заявку из этого сообщения? Текст станет описанием заявки.
dispatch-offer-name = Имя: { $name }
dispatch-offer-phone = Телефон: { $phone }
dispatch-btn-create-from-message = 📝 Создать заявку из сообщения
dispatch-offer-gone = Это предложение устарело. Перешлите сообщение ещё раз или создайте заявку: /new
