"""Composition root: builds everything from paths and settings, once, explicitly.

No module-level singletons: the GUI, the CLI and the tests each call :func:`open_app` and pass the
resulting :class:`AppServices` down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.domain.records import ContactSummary, DatabaseCounts
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.platform.logging_setup import configure_logging
from triage_desk.platform.paths import AppPaths, resolve_paths
from triage_desk.platform.resources import forms_dir
from triage_desk.platform.settings import Settings, load_settings, save_settings
from triage_desk.services.contact_service import ContactService
from triage_desk.storage import overview
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    paths: AppPaths
    settings: Settings
    db: Database
    _closed: bool = field(default=False, repr=False)
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

    @property
    def contacts(self) -> ContactService:
        """Contact records (forms loaded once, bundled plus the site's ``<config>/site/forms``)."""
        if self._contacts is None:
            library = load_form_library(forms_dir(), self.paths.site_overrides_dir / "forms")
            for warning in library.warnings:
                log.warning("%s", warning)
            self._contacts = ContactService(self.db, library, zone=self.settings.timezone)
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
