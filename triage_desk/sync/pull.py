"""Pull: pages of hub changes after the desk's cursor, each page and its cursor in one transaction.

A killed or cancelled pull therefore resumes from the last committed page, never from zero and never
past a page it did not store (A.2 "partial / interrupted sync"). ``initial_sync_complete`` is set
only when a pull has caught up with the hub, in the same transaction as the last page.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage_desk.domain.clock import utc_now
from triage_desk.storage.database import Database
from triage_desk.sync import bulk_mode, local_apply, local_state
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.progress import CancelCheck, ProgressCallback, SyncProgress
from triage_desk.sync.protocol import HubInfo


@dataclass
class PullStats:
    pulled: int = 0
    pages: int = 0
    caught_up: bool = False
    cursor: int = 0
    initial_sync_complete: bool = False


def pull(
    db: Database,
    hub: HubConnection,
    info: HubInfo,
    *,
    page_size: int,
    progress: ProgressCallback,
    cancelled: CancelCheck,
) -> PullStats:
    stats = PullStats()
    bulk_mode.restore_indexes(db)  # left behind by a first sync that died half way
    with db.session() as s:
        state = local_state.state_for(s, info.hub_id, info.label)
        stats.cursor, stats.initial_sync_complete = state.cursor, state.initial_sync_complete
    high = hub.max_seq()
    start = stats.cursor
    dropped = 0
    if not stats.initial_sync_complete and high - start >= bulk_mode.MIN_ROWS:
        dropped = bulk_mode.drop_indexes(db)
    try:
        _pull_pages(db, hub, info, stats, high, start, page_size, progress, cancelled)
    finally:
        if dropped:
            total = max(high - start, stats.cursor - start, 1)
            progress(SyncProgress("pull", stats.cursor - start, total, "building the search indexes"))
            bulk_mode.restore_indexes(db)
    return stats


def _pull_pages(
    db: Database,
    hub: HubConnection,
    info: HubInfo,
    stats: PullStats,
    high: int,
    start: int,
    page_size: int,
    progress: ProgressCallback,
    cancelled: CancelCheck,
) -> None:
    while not cancelled():
        changes = hub.read_changes(stats.cursor, page_size, reader_site=db.site_id)
        caught_up = len(changes) < page_size
        with db.session() as s:
            local_apply.apply_changes(s, changes)
            state = local_state.state_for(s, info.hub_id, info.label)
            if changes:
                state.cursor = changes[-1].seq
            if caught_up and not state.initial_sync_complete:
                state.initial_sync_complete = True
                state.last_success_at = state.last_success_at or utc_now()
        if changes:
            stats.cursor = changes[-1].seq
            stats.pulled += len(changes)
            stats.pages += 1
            progress(
                SyncProgress(
                    "pull",
                    stats.cursor - start,
                    max(high - start, stats.cursor - start),
                    f"received {stats.pulled} changes",
                )
            )
        if caught_up:
            stats.caught_up = True
            stats.initial_sync_complete = True
            break
