"""Tickets: numbering, versioned definitions, creation, stage changes and history."""
