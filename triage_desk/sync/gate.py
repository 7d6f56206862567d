"""The version gate: a desk syncs only with a hub that speaks its protocol and schema, and never mixes
demonstration data with real records.

Blocking sync (not data entry) for a too-old or too-new desk is what stops an old client overwriting
newer data (A.2 "schema or version skew"); every refusal names what to upgrade.
"""

from __future__ import annotations

from triage_desk.domain.errors import SyncIncompatibleError
from triage_desk.sync.hub_admin import hub_head_revision, known_hub_revisions
from triage_desk.sync.protocol import PROTOCOL_VERSION, HubInfo


def check_compatible(info: HubInfo, *, desk_schema_has: bool, desk_demo: bool) -> None:
    """Refuse to sync (the desk keeps working offline) unless both sides understand each other."""
    if info.min_desk_protocol > PROTOCOL_VERSION:
        raise SyncIncompatibleError(
            f"This desk's Triage Desk is too old for hub {info.label} (sync protocol {PROTOCOL_VERSION}, "
            f"hub needs at least {info.min_desk_protocol}).",
            hint="Upgrade Triage Desk on this desk; it keeps working offline meanwhile.",
        )
    if info.protocol_version < PROTOCOL_VERSION or info.schema_revision != hub_head_revision():
        if info.schema_revision not in known_hub_revisions():
            raise SyncIncompatibleError(
                f"Hub {info.label} was set up by a newer Triage Desk (hub schema {info.schema_revision}).",
                hint="Upgrade Triage Desk on this desk; it keeps working offline meanwhile.",
            )
        raise SyncIncompatibleError(
            f"Hub {info.label} is older than this desk (protocol {info.protocol_version}, "
            f"schema {info.schema_revision}).",
            hint="Upgrade the hub with 'triage-desk hub init URL' from this version; this desk keeps "
            "working offline meanwhile.",
        )
    if not desk_schema_has:
        raise SyncIncompatibleError(
            f"This desk's database is older than hub {info.label} requires "
            f"(schema {info.required_desk_schema}).",
            hint="Upgrade Triage Desk on this desk and restart it; it keeps working offline meanwhile.",
        )
    if desk_demo != info.demo:
        what = "demonstration data" if desk_demo else "real records"
        other = "a demonstration hub" if info.demo else "a hub of real records"
        raise SyncIncompatibleError(
            f"This desk holds {what} and {info.label} is {other}; they must never mix.",
            hint="Point this desk at the right hub (settings hub_url).",
        )
