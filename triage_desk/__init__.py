"""Triage Desk: structured triage records, local history lookup and pathway guidance."""

__version__ = "0.1.0"
