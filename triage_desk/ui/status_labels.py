"""The main window's status bar: the database in use, who is signed in, record counts, sync state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QLabel, QStatusBar

if TYPE_CHECKING:
    from triage_desk.domain.records import DatabaseCounts


class StatusLabels(NamedTuple):
    database: QLabel
    user: QLabel
    counts: QLabel
    sync: QLabel


def sync_status_text(hub_url: str) -> str:
    """Before the database (and the sync controller) are up."""
    return "Sync: starting…" if hub_url else "Sync: no hub configured"


def counts_text(counts: DatabaseCounts) -> str:
    return (
        f"{counts.persons:,} people · {counts.contacts_signed:,} signed · "
        f"{counts.contacts_draft:,} drafts · {counts.active_warnings:,} active warnings"
    )


def build_status_labels(bar: QStatusBar, database: Path, hub_url: str) -> StatusLabels:
    def label(text: str, name: str) -> QLabel:
        widget = QLabel(text, bar)
        widget.setAccessibleName(name)
        return widget

    labels = StatusLabels(
        database=label(f"Opening database {database}…", "Database in use"),
        user=label("Not signed in", "Signed-in user"),
        counts=label("", "Record counts"),  # filled after sign-in: counts are about patients too
        sync=label(sync_status_text(hub_url), "Sync state"),
    )
    bar.addWidget(labels.database, 1)
    # Qt hides this label under a status message only implicitly, and restyling the bar (a theme
    # switch) showed it again, printed over the message. Hidden explicitly, it stays hidden until
    # the message goes.
    bar.messageChanged.connect(lambda text: labels.database.setHidden(bool(text)))
    for permanent in (labels.user, labels.counts, labels.sync):
        bar.addPermanentWidget(permanent)
    return labels
