## Finding tickets: «🔎 Найти заявку», /find, a number, phone or address typed outside a
## dialogue; the new ticket's summary warns about open tickets at the same address or phone.
## Ids start with "search-" (and cmd-find).

cmd-find = Поиск заявки: номер, телефон, адрес, текст
search-prompt =
    🔎 <b>Поиск заявки</b>
    Пришлите номер заявки (12 или № 12), телефон (89215550101), улицу и дом (Садовая 10, с квартирой — Садовая 10 5) или слова из темы и описания.
search-found =
    🔎 Найдено по запросу «{ $query }»: { $count } · Стр. { $page } из { $pages }
    Нажмите на заявку, чтобы открыть её карточку, или пришлите новый запрос.
search-none = Ничего не найдено по запросу «{ $query }». Попробуйте номер заявки, телефон или улицу и дом.
search-empty-query = В запросе нет ни номера, ни слов для поиска. Пришлите номер заявки, телефон или улицу и дом.
search-too-long = Запрос длиннее { $limit } символов. Пришлите номер заявки, телефон или улицу и дом.
search-need-text = Пришлите запрос текстом: номер заявки, телефон или улицу и дом.
search-row = № { $number } · { $address } · { $stage } · { $priority }
search-no-value = —
search-closed = Поиск закрыт.
search-not-understood = Я не понял сообщение. Чтобы найти заявку, пришлите её номер, телефон или улицу и дом (например, Садовая 10) или нажмите /find. Меню — /start.

## Open tickets at the same address or phone, on the summary of a new ticket
search-duplicates = ⚠️ По этому { $by ->
        [address] адресу
        [phone] телефону
       *[both] адресу и телефону
    } есть открытые заявки: { $numbers }
search-duplicates-number = № { $number }
search-duplicates-more = { $shown } и ещё { $more }
search-duplicates-hint = Откройте заявку кнопкой, чтобы не создать повтор, — черновик сохранится.
search-btn-open-duplicate = 📄 № { $number }
