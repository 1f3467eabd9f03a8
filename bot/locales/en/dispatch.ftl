## Dispatch: short notices with «Open», buttons named by what they do, a ticket from a
## forwarded or pasted message. Ids start with "dispatch-".

dispatch-btn-open = 📄 Open
dispatch-btn-refuse = 🙅 Not taking it — back to the dispatcher
dispatch-btn-reject = ⛔ Close without doing
dispatch-btn-more = More…
dispatch-btn-reject-yes = Yes, close it
dispatch-btn-reject-back = Back
dispatch-more-title = More actions on ticket No. { $number }:
dispatch-reject-confirm = Close ticket No. { $number } without doing it? The ticket's author will be told the reason.
dispatch-reject-kept = Ticket No. { $number } was not closed; nothing changed.
dispatch-transfer-confirm = Hand ticket No. { $number } over to another department? The ticket will be closed and its author told.
dispatch-btn-transfer-yes = Yes, hand it over

dispatch-offer = This looks like a resident's request. Create a ticket from this message? Its text becomes the ticket's description.
dispatch-offer-name = Name: { $name }
dispatch-offer-phone = Phone: { $phone }
dispatch-btn-create-from-message = 📝 Create a ticket from the message
dispatch-offer-gone = This offer is out of date. Forward the message again or create a ticket: /new
