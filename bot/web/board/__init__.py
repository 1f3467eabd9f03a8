"""The dispatch board over HTTP (``/board/...``): a live page for the control-room screen,
also opened in Telegram as a Mini App.

- ``GET /board/app``: the Mini App page; its script sends Telegram's ``initData`` with every
  request (header ``X-Telegram-Init-Data``), checked per the Bot API's Web Apps rules.
- ``GET /board/s/<token>``: a wall screen's read-only page (the token of a board link).
- ``GET /board/fragment``, ``GET /board/events`` (server-sent events), ``GET
  /board/ticket/<id>``, ``POST /board/ticket/<id>/take|assign``: the data, for either way in.

Every response carries a Content-Security-Policy (no inline script or style), ``no-store``,
``nosniff`` and ``no-referrer``.
"""

from __future__ import annotations

from bot.web.board.routes import setup

__all__ = ["setup"]
