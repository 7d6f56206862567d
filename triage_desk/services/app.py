"""Composition root: builds everything from paths and settings, once, explicitly.

No module-level singletons: the GUI, the CLI and the tests each call :func:`open_app` and pass the
resulting :class:`AppServices` down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.domain.principal import Principal
from triage_desk.domain.records import (
    ContactDetail,
    ContactSummary,
    DatabaseCounts,
    PersonSafety,
    RecentPerson,
)
from triage_desk.forms_engine.loader import FormLibrary, load_form_library
from triage_desk.platform.paths import AppPaths
from triage_desk.platform.resources import forms_dir
from triage_desk.platform.settings import Settings, save_settings
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import CONTACT, AuditAction, AuditService, Purpose, ensure_purpose
from triage_desk.services.auth import AuthService
from triage_desk.services.config import AppConfig, load_config
from triage_desk.services.contact_service import ContactService
from triage_desk.services.demo_accounts import DEMO_ACCOUNTS, create_demo_accounts
from triage_desk.services.demo_data import DemoSummary, ProgressFn, generate_demo_data
from triage_desk.services.encryption import key_for
from triage_desk.services.guidance_service import GuidanceService
from triage_desk.services.lookup_service import LookupService
from triage_desk.services.report_service import ReportService
from triage_desk.services.retention import RetentionService, retention_years
from triage_desk.services.search_index import SearchIndex
from triage_desk.storage import overview, person_overview
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    paths: AppPaths
    settings: Settings
    db: Database
    audit: AuditService = field(init=False)
    auth: AuthService = field(init=False)
    retention: RetentionService = field(init=False)
    search_index: SearchIndex = field(init=False)
    _closed: bool = field(default=False, repr=False)
    _forms: FormLibrary | None = field(default=None, repr=False)
    _guidance: GuidanceService | None = field(default=None, repr=False)

    def form_library(self) -> FormLibrary:
        """Bundled forms plus valid site overrides (config dir ``site/forms``); loaded once."""
        if self._forms is None:
            self._forms = load_form_library(forms_dir(), self.paths.site_overrides_dir / "forms")
            for warning in self._forms.warnings:
                log.warning("%s", warning)
        return self._forms

    def guidance(self) -> GuidanceService:
        """Pathway guidance, quick reference and services directory, with the site's overrides;
        built once and shared, so a directory change made in one window shows in every view."""
        if self._guidance is None:
            self._guidance = GuidanceService.build(self.form_library(), self.paths.site_overrides_dir)
        return self._guidance

    def __post_init__(self) -> None:
        self.audit = AuditService(self.db, desk_name=self.settings.desk_name)
        self.auth = AuthService(self.db, self.audit, zone=self.settings.timezone)
        self.retention = RetentionService(self.db, self.audit, years=retention_years(self.settings.extra))
        self.search_index = SearchIndex(self.db)
        self.search_index.claim_if_empty()
    _contacts: ContactService | None = field(default=None, repr=False)

    @property
    def database_label(self) -> str:
        return str(self.db.path) if self.db.path else "in-memory database"

    @property
    def is_demo(self) -> bool:
        return self.db.is_demo

    def counts(self) -> DatabaseCounts:
        with self.db.reader() as s:
            return overview.counts(s)

    def recent_contacts(self, limit: int = 50) -> list[ContactSummary]:
        with self.db.reader() as s:
            return overview.recent_contacts(s, limit)

    def recent_people(self, limit: int = 500) -> list[RecentPerson]:
        """People with contacts, most recently seen first, with their contact counts."""
        with self.db.reader() as s:
            return person_overview.recent_people(s, limit)

    # A person's contacts and safety information are read for the same screen as their detail, and
    # the UI always asks for ``lookup().person_detail`` (one VIEW_PERSON event, with the purpose)
    # when it shows a person. So these two check the permission but write no event of their own:
    # one person opened is one event in the log, not three.
    def person_contacts(self, person_id: str, limit: int = 200, *,
                        principal: Principal) -> list[ContactSummary]:
        """The person's contacts, newest first (covered by the person_detail VIEW_PERSON event)."""
        require(principal, Permission.LOOKUP)
        with self.db.reader() as s:
            return person_overview.person_contacts(s, person_id, limit)

    def person_safety(self, person_id: str, *, principal: Principal) -> PersonSafety | None:
        """Active safety warnings and the response plan: what a nurse must see first (covered by the
        person_detail VIEW_PERSON event)."""
        require(principal, Permission.LOOKUP)
        with self.db.reader() as s:
            return person_overview.person_safety(s, person_id)

    def contact_detail(self, contact_id: str, *, principal: Principal,
                       purpose: Purpose | None = None) -> ContactDetail | None:
        """One contact's answers for the record panel: opening a record, with the same rule and
        audit as ``contacts.open_record`` (one's own needs no purpose; anyone else's is logged)."""
        require(principal, Permission.LOOKUP)
        with self.db.reader() as s:
            detail = person_overview.contact_detail(s, contact_id)
            authors = person_overview.contact_authors(s, contact_id)
        if detail is None:
            return None
        if principal.user_id in authors and not (purpose and purpose.text):
            return detail
        ensure_purpose(purpose)
        self.audit.record(principal, AuditAction.OPEN_RECORD, CONTACT, contact_id, purpose,
                          {"form_id": detail.summary.form_id, "status": detail.summary.status})
        return detail

    def load_demo_data(
        self,
        *,
        persons: int,
        contacts: int,
        seed: int,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> DemoSummary:
        """Add synthetic records (refused on a database holding real ones; see services/demo_data.py)
        and one sign-in account per role with the passwords published in docs/access.md."""
        summary = generate_demo_data(
            self.db, persons=persons, contacts=contacts, seed=seed, progress=progress, cancelled=cancelled
        )
        create_demo_accounts(self.db)
        return summary

    @staticmethod
    def demo_accounts() -> list[tuple[str, str, str]]:
        """(username, role, password) of the demo sign-in accounts."""
        return [(name, role.value, password) for name, role, password, _ in DEMO_ACCOUNTS]

    def lookup(self) -> LookupService:
        return LookupService(self.db, self.audit, index=self.search_index)

    def reports(self) -> ReportService:
        """Shift summaries and their exports, permission-checked and audited in this desk's log."""
        return ReportService(self.db, self.audit)

    @property
    def contacts(self) -> ContactService:
        """Contact records: drafts, signing and amendments against the form library."""
        if self._contacts is None:
            self._contacts = ContactService(
                self.db, self.form_library(), audit=self.audit, zone=self.settings.timezone
            )
        return self._contacts

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)

    def close(self) -> None:
        if not self._closed:
            self.db.close()
            self._closed = True


def open_app(
    data_dir: str | Path | None = None,
    *,
    config: AppConfig | None = None,
    database_path: Path | None = None,
    console_log: bool = False,
) -> AppServices:
    """Open and migrate the local database on top of the (already loaded, or now loaded) config."""
    config = config or load_config(data_dir, console_log=console_log)
    paths = config.paths
    path = database_path or paths.database
    db = Database.open(path, backups_dir=paths.backups_dir, key=key_for(path))
    if db.migration.changed:
        log.info("schema now at %s", db.migration.after)
    return AppServices(paths=paths, settings=config.settings, db=db)
