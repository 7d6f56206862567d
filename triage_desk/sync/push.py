"""Push: send pending outbox entries in batches; mark them only after the hub has answered.

An entry becomes ``acknowledged`` only when the hub says applied or duplicate, and ``quarantined``
(with a visible quarantine record) when it says conflict or rejected. If the connection drops before
the answer arrives, nothing is marked: the same mutation ids are resent next time and the hub's
ledger turns them into duplicates (A.2 "duplicates", "data lost").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from triage_desk.storage import outbox
from triage_desk.storage.database import Database
from triage_desk.storage.outbox import PendingEntry
from triage_desk.sync import local_apply, local_state
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.progress import CancelCheck, ProgressCallback, SyncProgress
from triage_desk.sync.protocol import Change, Mutation, MutationResult, Outcome


@dataclass
class PushStats:
    outcomes: dict[str, int] = field(default_factory=lambda: {o.value: 0 for o in Outcome})
    batches: int = 0

    @property
    def sent(self) -> int:
        return sum(self.outcomes.values())


def to_mutation(entry: PendingEntry, site_id: str) -> Mutation:
    payload = entry.payload
    return Mutation(
        mutation_id=entry.mutation_id,
        table_name=entry.table_name,
        record_id=entry.record_id,
        op=entry.op,
        base_version=entry.base_version,
        row=payload.get("row", {}),
        base=payload.get("base", {}),
        origin_site=site_id,
        resolves_conflict=payload.get("resolves"),
    )


def push(
    db: Database, hub: HubConnection, *, batch_size: int, progress: ProgressCallback, cancelled: CancelCheck
) -> PushStats:
    stats = PushStats()
    with db.reader() as s:
        total = outbox.pending_count(s)
    while not cancelled():
        with db.reader() as s:
            entries = outbox.pending(s, batch_size)
        if not entries:
            break
        results = hub.apply_batch([to_mutation(e, db.site_id) for e in entries])
        with db.session() as s:
            record_results(s, entries, results)
        for r in results:
            stats.outcomes[r.outcome.value] += 1
        stats.batches += 1
        progress(SyncProgress("push", stats.sent, total, f"sent {stats.sent} of {total} changes"))
    return stats


def record_results(
    session: Session, entries: Sequence[PendingEntry], results: Sequence[MutationResult]
) -> None:
    by_id = {r.mutation_id: r for r in results}
    ack, held = [], []
    for entry in entries:
        result = by_id.get(entry.mutation_id)
        if result is None:
            continue  # not answered: stays pending and is resent
        outcome = result.effective
        if outcome in (Outcome.APPLIED, Outcome.DUPLICATE):
            ack.append(entry.seq)
            continue
        held.append(entry.seq)
        kind = "conflict" if outcome is Outcome.CONFLICT else "rejected"
        local_state.quarantine(session, entry, kind, result.reason, result.fields, result.conflict_id)
    outbox.mark(session, ack, outbox.ACKNOWLEDGED)
    outbox.mark(session, held, outbox.QUARANTINED)
    # Show the hub's state of a conflicting record (its merged fields included); the desk's own
    # values stay in the quarantine entry until a person chooses.
    for entry in entries:
        result = by_id.get(entry.mutation_id)
        if result is not None and result.hub_row is not None:
            change = Change(
                0,
                entry.table_name,
                entry.record_id,
                int(result.hub_row.get("version") or 1),
                json.dumps(result.hub_row),
            )
            local_apply.apply_changes(session, [change])
