"""Deadlines of stages and tickets: planning on stage entry, sweeps, escalation."""
