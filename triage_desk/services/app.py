"""Composition root: builds everything from paths and settings, once, explicitly.

No module-level singletons: the GUI, the CLI and the tests each call :func:`open_app` and pass the
resulting :class:`AppServices` down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.domain.records import (
    ContactDetail,
    ContactSummary,
    DatabaseCounts,
    PersonSafety,
    RecentPerson,
)
from triage_desk.forms_engine.loader import FormLibrary, load_form_library
from triage_desk.platform.logging_setup import configure_logging
from triage_desk.platform.paths import AppPaths, resolve_paths
from triage_desk.platform.resources import forms_dir
from triage_desk.platform.settings import Settings, load_settings, save_settings
from triage_desk.services.demo_data import DemoSummary, ProgressFn, generate_demo_data
from triage_desk.services.lookup_service import LookupService
from triage_desk.storage import overview, person_overview
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    paths: AppPaths
    settings: Settings
    db: Database
    _closed: bool = field(default=False, repr=False)
    _forms: FormLibrary | None = field(default=None, repr=False)

    def form_library(self) -> FormLibrary:
        """Bundled forms plus valid site overrides (config dir ``site/forms``); loaded once."""
        if self._forms is None:
            self._forms = load_form_library(forms_dir(), self.paths.site_overrides_dir / "forms")
            for warning in self._forms.warnings:
                log.warning("%s", warning)
        return self._forms

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

    def person_contacts(self, person_id: str, limit: int = 200) -> list[ContactSummary]:
        with self.db.reader() as s:
            return person_overview.person_contacts(s, person_id, limit)

    def contact_detail(self, contact_id: str) -> ContactDetail | None:
        with self.db.reader() as s:
            return person_overview.contact_detail(s, contact_id)

    def person_safety(self, person_id: str) -> PersonSafety | None:
        """Active safety warnings and the response plan: what a nurse must see first."""
        with self.db.reader() as s:
            return person_overview.person_safety(s, person_id)

    def load_demo_data(
        self,
        *,
        persons: int,
        contacts: int,
        seed: int,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> DemoSummary:
        """Add synthetic records (refused on a database holding real ones); see services/demo_data.py."""
        return generate_demo_data(
            self.db, persons=persons, contacts=contacts, seed=seed, progress=progress, cancelled=cancelled
        )

    def lookup(self) -> LookupService:
        return LookupService(self.db)

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)

    def close(self) -> None:
        if not self._closed:
            self.db.close()
            self._closed = True


def open_app(
    data_dir: str | Path | None = None,
    *,
    database_path: Path | None = None,
    console_log: bool = False,
) -> AppServices:
    """Resolve paths, configure logging, load settings, open and migrate the local database."""
    paths = resolve_paths(data_dir).ensure()
    configure_logging(paths.log_file, console=console_log)
    settings = load_settings(paths.settings_file)
    db = Database.open(database_path or paths.database, backups_dir=paths.backups_dir)
    if db.migration.changed:
        log.info("schema now at %s", db.migration.after)
    return AppServices(paths=paths, settings=settings, db=db)
