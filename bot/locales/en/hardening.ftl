## Limits that keep the bot from being misused

hardening-access-already-pending = Your access request has already been sent; please wait for an administrator's decision.
hardening-access-cooldown = Your access request was rejected recently. You can ask again after { $at }.
