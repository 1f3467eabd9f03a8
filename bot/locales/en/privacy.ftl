## Personal data (152-FZ): the field flag, the privacy notice, the access list

privacy-field-mark = {" "}🔒 PD
privacy-field-toggle = 🔒 Personal data: { $flag ->
    [yes] yes
   *[no] no
}
privacy-field-flag-saved = Field "{ $label }": { $flag ->
    [yes] marked as personal data
   *[no] no longer marked as personal data
}. Saved as a new field version.
privacy-field-gone = This field no longer exists. Pick a field from the list again.
privacy-field-diff-personal-data = "{ $label }": personal data — { $flag ->
    [yes] yes
   *[no] no
}.

privacy-notice-title = 🔒 <b>Personal data notice</b> (version { $version })
privacy-notice-default =
    The operator of personal data is { $company }.
    The service desk bot processes: staff data (name, position, phone, Telegram account) to give access and assign work; residents' data from tickets (name, phone, address, flat, photos and files) to carry out the tickets. Processing follows Federal Law No. 152-FZ "On Personal Data".
    The database and its backups are kept on servers in Russia. The bot's messages pass through Telegram, whose servers are abroad: this is a cross-border transfer.
    The data of closed tickets is anonymised when its retention period ends. To learn what data of yours we hold, or to correct or erase it, contact the service desk administrator.
privacy-notice-accept-prompt = To use the bot, read the notice and press "✅ I accept".
privacy-btn-accept = ✅ I accept
privacy-accept-first = Please read the personal data notice and press "✅ I accept" first.
privacy-notice-changed = The notice has changed: read the new version and accept it.
privacy-accepted = Thank you, accepted.

cmd-access_list = Access list: who may process personal data (.xlsx)
privacy-menu-access-list = 🔒 Access list (personal data)
privacy-access-col-name = Full name
privacy-access-col-position = Position
privacy-access-col-role = Role
privacy-access-col-granted = Granted
privacy-access-col-revoked = Revoked
privacy-access-col-granted-by = Granted by
privacy-access-nobody = —
privacy-access-filename = personal-data-access-list.xlsx
privacy-access-caption = People with access to personal data: { $people }; access periods: { $rows }.
privacy-notice-locked = 🔒 The resident's personal data is hidden until you accept the personal data notice: open /start and press "✅ I accept".
