"""Talking to Telegram: calls as data, one attempt with its fallbacks, the outbox sender."""
