## Deadlines: time left on the ticket card and lists
deadline-left = ⏳ осталось { $days ->
        [0] { $hours ->
                [0] { $minutes } мин
               *[other] { $hours } ч { $minutes } мин
            }
       *[other] { $days } д { $hours } ч { $minutes } мин
    }
deadline-overdue = 🔥 просрочено на { $days ->
        [0] { $hours ->
                [0] { $minutes } мин
               *[other] { $hours } ч { $minutes } мин
            }
       *[other] { $days } д { $hours } ч { $minutes } мин
    }
deadline-paused = ⏸ срок остановлен

## Deadlines: notifications
deadline-warning = ⏳ Заявка №{ $number } «{ $subject }»: срок этапа «{ $stage }» истекает { $deadline }.
deadline-breached = 🔥 Заявка №{ $number } «{ $subject }»: срок этапа «{ $stage }» истёк { $deadline }. Исполнитель: { $executor }.
deadline-ticket-breached = 🔥 Заявка №{ $number } «{ $subject }»: общий срок заявки истёк { $deadline }. Этап: «{ $stage }», исполнитель: { $executor }.
deadline-escalated = 🚨 Эскалация (шаг { $step }): заявка №{ $number } «{ $subject }» просрочена на этапе «{ $stage }» с { $deadline }. Исполнитель: { $executor }.
deadline-no-executor = не назначен
