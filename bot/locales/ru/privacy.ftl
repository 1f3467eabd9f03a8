## Personal data (152-ФЗ): the field flag, the privacy notice, the access list

privacy-field-mark = {" "}🔒 ПДн
privacy-field-toggle = 🔒 Персональные данные: { $flag ->
    [yes] да
   *[no] нет
}
privacy-field-flag-saved = Поле «{ $label }»: { $flag ->
    [yes] отмечено как персональные данные
   *[no] больше не отмечено как персональные данные
}. Сохранено новой версией полей.
privacy-field-gone = Этого поля больше нет. Выберите поле в списке заново.
privacy-field-diff-personal-data = «{ $label }»: персональные данные — { $flag ->
    [yes] да
   *[no] нет
}.

privacy-notice-title = 🔒 <b>Уведомление об обработке персональных данных</b> (редакция { $version })
privacy-notice-default =
    Оператор персональных данных — { $company }.
    Бот службы заявок обрабатывает: данные сотрудников (ФИО, должность, телефон, аккаунт Telegram) — чтобы давать доступ и распределять работу; данные жителей из заявок (ФИО, телефон, адрес, квартира, фото и файлы) — чтобы выполнять заявки. Обработка ведётся по Федеральному закону № 152-ФЗ «О персональных данных».
    База данных и резервные копии хранятся на серверах в России. Сообщения бота проходят через Telegram, серверы которого находятся за рубежом: это трансграничная передача данных.
    Данные закрытых заявок обезличиваются по истечении срока хранения. Узнать, какие ваши данные у нас есть, уточнить или удалить их можно, обратившись к администратору службы заявок.
privacy-notice-accept-prompt = Чтобы пользоваться ботом, ознакомьтесь с уведомлением и нажмите «✅ Принимаю».
privacy-btn-accept = ✅ Принимаю
privacy-accept-first = Сначала ознакомьтесь с уведомлением о персональных данных и нажмите «✅ Принимаю».
privacy-notice-changed = Уведомление обновилось: прочитайте новую редакцию и примите её.
privacy-accepted = Спасибо, принято.

cmd-access_list = Перечень допущенных к ПДн (.xlsx)
privacy-menu-access-list = 🔒 Перечень допущенных к ПДн
privacy-access-col-name = ФИО
privacy-access-col-position = Должность
privacy-access-col-role = Роль
privacy-access-col-granted = Дата предоставления
privacy-access-col-revoked = Дата отзыва
privacy-access-col-granted-by = Кто предоставил
privacy-access-nobody = —
privacy-access-filename = perechen-dopushchennyh-k-pdn.xlsx
privacy-access-caption = Перечень лиц, допущенных к обработке персональных данных: { $people } чел., периодов доступа: { $rows }.
privacy-notice-locked = 🔒 Данные жителя скрыты, пока вы не примете уведомление об обработке персональных данных: откройте /start и нажмите «✅ Принимаю».
