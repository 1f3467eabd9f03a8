# The housing company's norms (ПП РФ № 416), the desired time check and the registration journal.

deadline-norm = норматив: { $hours ->
        [0] { $minutes } мин
       *[other] { $minutes ->
            [0] { $hours } ч
           *[other] { $hours } ч { $minutes } мин
        }
    }{ $windowed ->
        [yes] , с { $from } до { $to }
       *[no] {""}
    }{ $has_basis ->
        [yes] {" "}({ $basis })
       *[no] {""}
    }
ticket-card-norm-deadline = ⏱ Срок по нормативу: { $at } — { $norm }
ticket-card-norm = ⏱ { $norm }


journal-btn-mode = 📒 Журнал учёта заявок
journal-mode = Сейчас: журнал учёта заявок (.xlsx): дата и время регистрации, номер, адрес, заявитель, неисправность, исполнитель, выполнение.
journal-caption = Журнал учёта заявок { $period }
journal-sheet = Журнал
journal-col-registered = Дата и время регистрации
journal-col-number = № заявки
journal-col-address = Адрес
journal-col-resident = Заявитель (ФИО)
journal-col-phone = Телефон заявителя
journal-col-fault = Неисправность
journal-col-executor = Исполнитель
journal-col-completed = Дата выполнения
journal-col-mark = Отметка о выполнении
journal-flat = кв./пом. { $flat }
journal-mark-done-confirmed = Выполнена, подтверждена заявителем
journal-mark-done-auto-confirmed = Выполнена, подтверждена автоматически
