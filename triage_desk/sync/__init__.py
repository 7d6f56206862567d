"""Outbox, hub schema, push/pull, conflict records, integrity check."""
