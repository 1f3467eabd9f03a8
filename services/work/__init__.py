"""The workflow applied to stored tickets: assignment, stage moves, confirmation, history.

Telegram-free: handlers and scheduler jobs call these inside their transaction and render
the outcome; every change goes through ``services.tickets.lifecycle`` so it is an event.
"""
