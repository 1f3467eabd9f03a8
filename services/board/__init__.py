"""The dispatch board: what a control-room screen and the Mini App show, who may see it and
how a screen learns that something changed. Telegram-free (``bot.web.board`` renders it)."""
