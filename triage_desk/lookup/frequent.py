"""The frequent-contact indicator: a prompt for a care review, never a reason to respond less.

Thresholds follow NHS England's High Intensity Use programme (more than 5 contacts a month, or 20+
a year) plus a short window for a run of calls in one week. The wording is fixed on purpose: the
Serenity Integrated Mentoring criticism (domain.md §7) is exactly what "low priority" or "do not
respond" flags lead to. Each call is assessed on its own facts.
"""

from __future__ import annotations

from triage_desk.domain.lookup_records import ContactCounts

THRESHOLDS = (("F7", "last_7_days", 3), ("F30", "last_30_days", 6), ("F365", "last_365_days", 20))
PROMPT = "Frequent contact: consider a care review"


def triggered_windows(counts: ContactCounts) -> tuple[str, ...]:
    return tuple(code for code, attr, minimum in THRESHOLDS if getattr(counts, attr) >= minimum)


def frequent_contact_prompt(counts: ContactCounts) -> str | None:
    """E.g. "Frequent contact: consider a care review (F7)", or None below every threshold."""
    windows = triggered_windows(counts)
    return f"{PROMPT} ({', '.join(windows)})" if windows else None
