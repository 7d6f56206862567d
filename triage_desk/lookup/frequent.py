"""The frequent-contact indicator: a prompt for a care review, never a reason to respond less.

Thresholds follow NHS England's High Intensity Use programme (more than 5 contacts a month, or 20+
a year) plus a short window for a run of calls in one week. The wording is fixed on purpose: the
Serenity Integrated Mentoring criticism (domain.md §7) is exactly what "low priority" or "do not
respond" flags lead to. Each call is assessed on its own facts.
"""

from __future__ import annotations

from triage_desk.domain.lookup_records import ContactCounts

THRESHOLDS = (
    ("7 days", "last_7_days", 3),
    ("30 days", "last_30_days", 6),
    ("a year", "last_365_days", 20),
)
PROMPT = "Frequent contact: consider a care review"


def triggered_windows(counts: ContactCounts) -> tuple[str, ...]:
    return tuple(
        f"{minimum}+ in {window}" for window, attr, minimum in THRESHOLDS if getattr(counts, attr) >= minimum
    )


def frequent_contact_prompt(counts: ContactCounts) -> str | None:
    """E.g. "Frequent contact: consider a care review (F7 form; 3+ in 7 days)", or None below every
    threshold."""
    windows = triggered_windows(counts)
    return f"{PROMPT} (F7 form; {', '.join(windows)})" if windows else None
