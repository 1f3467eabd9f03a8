## Limits that keep the bot from being misused

hardening-access-already-pending = Заявка на доступ уже отправлена, ждите решения администратора.
hardening-access-cooldown = Запрос доступа недавно отклонён. Запросить доступ снова можно после { $at }.
