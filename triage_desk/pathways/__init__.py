"""Guidance rules, urgency, legal checklists, services directory."""
