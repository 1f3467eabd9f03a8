"""The web features, in the order their routes are added. Importing registers them."""

from __future__ import annotations

from bot.api.routes import setup as api_setup
from bot.web.board import setup as board_setup
from bot.web.calls import setup as calls_setup

# A feature's module cannot append itself to ``bot.web.server.WEB_FEATURES`` without an
# import cycle (the server imports this module): list the setup functions here instead.
FEATURES = [api_setup, board_setup, calls_setup]
