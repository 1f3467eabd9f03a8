"""The HTTP server beside the bot (``[api]``): the integration API and the dispatch board."""
