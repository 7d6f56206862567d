"""Three-way field merge for mutable records (pure: no I/O, no clocks).

The base is what the editing desk saw before its edit; ``current`` is what the hub holds now. A field
the desk changed is taken if the hub still has the base value (nobody else touched it) or already has
the same new value. Otherwise both values are kept as a conflict for a person to resolve — never a
silent winner, and never a decision by timestamp (A.2 "data lost by overwrite", "clock skew").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from triage_desk.storage.synced_tables import BOOKKEEPING


@dataclass(frozen=True)
class MergeResult:
    applied: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _conflict(base: Any, mine: Any, hub: Any) -> dict[str, Any]:
    return {"base": base, "mine": mine, "hub": hub}


def merge_update(base: Mapping[str, Any], mine: Mapping[str, Any], current: Mapping[str, Any]) -> MergeResult:
    """Merge an edit of the fields in ``base`` (their old values) whose new values are in ``mine``."""
    result = MergeResult()
    if current.get("deleted") and not mine.get("deleted"):
        # Editing a record somebody deleted is a conflict, not a resurrection (pouchdb #6666).
        result.conflicts["deleted"] = _conflict(False, False, True)
        return result
    for key, base_value in base.items():
        if key in BOOKKEEPING:
            continue
        new, hub = mine.get(key), current.get(key)
        if hub == new:
            continue
        if hub == base_value:
            result.applied[key] = new
        else:
            result.conflicts[key] = _conflict(base_value, new, hub)
    return result


def merge_delete(base: Mapping[str, Any], current: Mapping[str, Any]) -> MergeResult:
    """A tombstone applies only if the hub still holds what the deleting user saw."""
    if current.get("deleted"):
        return MergeResult()
    edited = {
        k: _conflict(v, v, current.get(k))
        for k, v in base.items()
        if k not in BOOKKEEPING and k != "deleted" and current.get(k) != v
    }
    if edited:
        edited["deleted"] = _conflict(False, True, False)
        return MergeResult(conflicts=edited)
    return MergeResult(applied={"deleted": True})
