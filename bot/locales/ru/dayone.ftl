## The dispatcher's first day: a next step everywhere, help and access, plain Russian.
## Ids start with "dayone-".

dayone-start-contact = 📞 { $contact }
dayone-next-step = Заявка сохранена. Что дальше?
dayone-btn-another-ticket = 📝 Ещё заявка
dayone-draft-cancel-confirm = Отменить заполнение? Введённые данные не сохранятся.
dayone-btn-drop-draft = Да, отменить
dayone-btn-keep-draft = Продолжить
dayone-draft-dropped = Заявка не создана, введённые данные удалены (заполнено полей: { $count }).
dayone-roles-changed = 🔄 Ваши роли изменены: { $roles }.
dayone-roles-removed = 🔄 Ваши роли изменены: ролей больше нет. Если это ошибка, обратитесь к администратору.
dayone-link-roles =
    Запрос № { $id }: Telegram будет привязан к записи сотрудника: <b>{ $name }</b>.
    Отметьте роли и нажмите «Сохранить».
dayone-invite-used = 🔗 Приглашение использовано: { $name }
dayone-invite-all-confirm = Ссылки, отправленные ранее ({ $count }), перестанут работать. Продолжить?
dayone-btn-invite-all-go = Да, выпустить новые
dayone-invite-all-kept = Новые ссылки не выпущены, отправленные ранее продолжают действовать.
