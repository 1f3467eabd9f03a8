## Finding tickets: «🔎 Найти заявку», /find, a number, phone or address typed outside a
## dialogue; the new ticket's summary warns about open tickets at the same address or phone.
## Ids start with "search-" (and cmd-find).

cmd-find = Ticket search: number, phone, address, text
search-prompt =
    🔎 <b>Find a ticket</b>
    Send the ticket number (12 or № 12), a phone (89215550101), the street and house (Sadovaya 10, with the flat: Sadovaya 10 5) or words of the subject and description.
search-found =
    🔎 Found for «{ $query }»: { $count } · Page { $page } of { $pages }
    Tap a ticket to open its card, or send a new query.
search-none = Nothing found for «{ $query }». Try the ticket number, a phone or the street and house.
search-empty-query = The query has no number and no words to look for. Send the ticket number, a phone or the street and house.
search-too-long = The query is longer than { $limit } characters. Send the ticket number, a phone or the street and house.
search-need-text = Send the query as text: the ticket number, a phone or the street and house.
search-row = № { $number } · { $address } · { $stage } · { $priority }
search-no-value = —
search-closed = Search closed.
search-not-understood = I did not understand the message. To find a ticket, send its number, a phone or the street and house (e.g. Sadovaya 10), or tap /find. Menu: /start.

## Open tickets at the same address or phone, on the summary of a new ticket
search-duplicates = ⚠️ There are open tickets at this { $by ->
        [address] address
        [phone] phone
       *[both] address and phone
    }: { $numbers }
search-duplicates-number = № { $number }
search-duplicates-more = { $shown } and { $more } more
search-duplicates-hint = Open a ticket with its button to avoid a duplicate; the draft is kept.
search-btn-open-duplicate = 📄 № { $number }
