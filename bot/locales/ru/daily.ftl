## The dispatcher's day: lists, notices, input kept, settings in people's words

daily-assigned-waiting = 📌 Заявка № { $number }. Назначена: { $name }, ждём принятия.
daily-btn-open = 📄 Открыть
daily-btn-keep = ✔️ Оставить как есть
