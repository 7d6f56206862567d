"""What the UI and the CLI call to sync, see where sync stands, and work the quarantine.

``sync_now`` is blocking and thread-agnostic: the GUI runs it in a worker, passing a progress
callback (turned into a signal) and a cancellation check (a flag set by the Cancel button).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from triage_desk.domain.errors import SyncError
from triage_desk.domain.principal import Principal
from triage_desk.platform.settings import Settings
from triage_desk.services.access import Permission, require
from triage_desk.storage import outbox
from triage_desk.storage.database import Database
from triage_desk.sync import credentials, local_state, resolve
from triage_desk.sync.engine import SyncReport, sync_once
from triage_desk.sync.hub_admin import init_hub
from triage_desk.sync.progress import CancelCheck, ProgressCallback
from triage_desk.sync.protocol import HubInfo

__all__ = ["QuarantineItem", "SyncReport", "SyncService", "SyncStatus"]


@dataclass(frozen=True)
class SyncStatus:
    hub_label: str | None
    pending: int
    quarantined: int
    cursor: int
    initial_sync_complete: bool
    last_success_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class QuarantineItem:
    id: str
    kind: str
    table_name: str
    record_id: str
    reason: str
    fields: dict[str, Any]  # for a conflict: field -> {"base": ..., "mine": ..., "hub": ...}
    created_at: datetime
    op: str = ""


class SyncService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def _hub_url(self, override: str | None) -> Any:
        url = override or self.settings.hub_url
        if not url:
            raise SyncError("No hub is configured.", hint="Set hub_url in settings, or pass --hub URL.")
        return credentials.url_with_password(url)

    def sync_now(
        self,
        hub_url: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        verify: bool = False,
        page_size: int = 5000,
    ) -> SyncReport:
        return sync_once(
            self.db,
            self._hub_url(hub_url),
            progress=progress,
            cancelled=cancelled,
            integrity="always" if verify else "auto",
            page_size=page_size,
        )

    def status(self) -> SyncStatus:
        with self.db.reader() as s:
            state = local_state.latest_state(s)
            return SyncStatus(
                hub_label=state.hub_label if state else None,
                pending=outbox.pending_count(s),
                quarantined=local_state.unresolved_count(s),
                cursor=state.cursor if state else 0,
                initial_sync_complete=bool(state and state.initial_sync_complete),
                last_success_at=state.last_success_at if state else None,
                last_error=state.last_error if state else None,
            )

    def quarantine(self) -> list[QuarantineItem]:
        with self.db.reader() as s:
            return [
                QuarantineItem(
                    e.id, e.kind, e.table_name, e.record_id, e.reason, e.fields, e.created_at, e.op
                )
                for e in local_state.unresolved(s)
            ]

    def resolve(
        self, item_id: str, choice: str, principal: Principal, values: dict[str, Any] | None = None
    ) -> None:
        """choice: "mine", "hub", "values" (with ``values``) for conflicts; "dismiss" for rejections.

        Supervisors and administrators only (Permission.RESOLVE_CONFLICTS), whatever the caller."""
        require(principal, Permission.RESOLVE_CONFLICTS)
        resolve.resolve(self.db, item_id, choice, principal.username, values)


def init_hub_at(url: str, *, demo: bool = False) -> HubInfo:
    return init_hub(str(credentials.url_with_password(url).render_as_string(hide_password=False)), demo=demo)


def store_hub_password(url: str, password: str) -> str:
    """Store the password in the keyring; returns the URL to keep in settings (without password)."""
    credentials.set_password(url, password)
    return credentials.without_password(url)
