"""The update pipeline: person locks, one transaction per update, replies after the commit."""
