"""Guidance use cases: evaluate, decide (with provenance), replay, edit the services directory.

One object the panel and the CLI share, so they print and show the same thing. Built from the form
library and the site overrides folder; needs no database except to store a decision.

Editing the services directory needs Permission.MANAGE_SERVICES_DIRECTORY, checked here (not only
in the UI). Saved changes go to the site overrides folder and take effect at once: views registered
with ``on_directory_changed`` re-render, and every evaluation first checks whether a site services
file changed on disk.
"""

from __future__ import annotations

import inspect
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ResourceMissingError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.schema import Form
from triage_desk.pathways.evaluator import evaluate_guidance
from triage_desk.pathways.guidance import Guidance
from triage_desk.pathways.library import RuleLibrary, load_rule_library
from triage_desk.pathways.model import RuleSet
from triage_desk.pathways.provenance import Decision, build_record, replay
from triage_desk.pathways.quickref import QuickRefLibrary, load_quickref
from triage_desk.pathways.services_directory import (
    EDITOR_FILE,
    ServiceEntry,
    ServicesDirectory,
    entry_problems,
    id_problem,
    load_directory,
    load_services_file,
    site_files,
    site_overrides,
    write_site_file,
)
from triage_desk.platform.resources import resources_dir
from triage_desk.services.access import Permission, require
from triage_desk.storage.contact_guidance import load_guidance, save_guidance
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)
SITE_SERVICES_FILE = EDITOR_FILE


@dataclass
class GuidanceService:
    forms: FormLibrary
    rules: RuleLibrary
    directory: ServicesDirectory
    quickref: QuickRefLibrary
    site_dir: Path | None = None
    _listeners: list[Callable[[], Callable[[], None] | None]] = field(
        default_factory=list, init=False, repr=False
    )
    _directory_signature: tuple[tuple[str, int, int], ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self._directory_signature = self._site_signature()
        except OSError:
            self._directory_signature = ()

    @classmethod
    def build(cls, forms: FormLibrary, site_dir: Path | None) -> GuidanceService:
        res = resources_dir()
        rules = load_rule_library(res / "pathways", site_dir / "pathways" if site_dir else None, forms)
        directory, problems = load_directory(res / "services", site_dir / "services" if site_dir else None)
        quickref = load_quickref(res / "quickref", site_dir / "quickref" if site_dir else None)
        warnings = [*rules.warnings, *directory.warnings, *(str(p) for p in problems), *quickref.warnings]
        for warning in warnings:
            log.warning("%s", warning)
        return cls(forms, rules, directory, quickref, site_dir)

    @property
    def rule_set(self) -> RuleSet:
        return self.rules.current()

    def evaluate(self, form: Form, answers: Mapping[str, object], at: datetime | None = None) -> Guidance:
        self._refresh_if_changed()
        return evaluate_guidance(
            self.rule_set,
            form,
            answers,
            at or utc_now(),
            self.forms.codelists.get("triage_code"),
            self.directory.lines_for,
        )

    def decision_record(
        self, guidance: Guidance, answers: Mapping[str, object], decision: Decision
    ) -> dict[str, Any]:
        """The provenance record; raises ValidationError when an override has no reason."""
        return build_record(guidance, self.forms, answers, decision, utc_now())

    def save_decision(self, db: Database, contact_id: str, record: dict[str, Any]) -> None:
        with db.session() as s:
            save_guidance(s, contact_id, record)

    def stored_record(self, db: Database, contact_id: str) -> dict[str, Any] | None:
        with db.reader() as s:
            return load_guidance(s, contact_id)

    def replay(self, record: Mapping[str, Any]) -> Guidance:
        return replay(record, self.rules, self.forms)

    # Services directory: reading (everyone) and editing (supervisors) -------------------------
    def _services_dirs(self) -> tuple[Path, Path | None]:
        return resources_dir() / "services", self.site_dir / "services" if self.site_dir else None

    def _site_signature(self) -> tuple[tuple[str, int, int], ...]:
        _, site = self._services_dirs()
        stats = ((p.name, p.stat()) for p in site_files(site))
        return tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)

    def _refresh_if_changed(self) -> None:
        """Reload the directory when a site services file changed on disk (another desk sharing the
        site folder, a hand edit): a few stat calls, so a stale number is not shown (hazard H4)."""
        try:
            signature = self._site_signature()
        except OSError:
            return
        if signature != self._directory_signature:
            self.reload_directory()

    def reload_directory(self) -> None:
        bundled, site = self._services_dirs()
        self.directory, problems = load_directory(bundled, site)
        for warning in [*self.directory.warnings, *(str(p) for p in problems)]:
            log.warning("%s", warning)
        try:
            self._directory_signature = self._site_signature()
        except OSError:
            self._directory_signature = ()
        self._notify_directory_changed()

    def on_directory_changed(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after the directory changes (held weakly: a closed view is dropped)."""
        ref: Callable[[], Callable[[], None] | None]
        ref = weakref.WeakMethod(callback) if inspect.ismethod(callback) else (lambda: callback)
        self._listeners.append(ref)

    def _notify_directory_changed(self) -> None:
        alive = []
        for ref in self._listeners:
            callback = ref()
            if callback is None:
                continue
            try:
                callback()
            except RuntimeError:  # a Qt view whose C++ object is gone
                continue
            alive.append(ref)
        self._listeners = alive

    def directory_entries(self) -> list[ServiceEntry]:
        """Every entry in force, hidden ones included (``active`` False), by name."""
        self._refresh_if_changed()
        return sorted(self.directory.entries.values(), key=lambda e: (e.name.lower(), e.id))

    def base_entries(self) -> dict[str, ServiceEntry]:
        """The entries as they would be without the in-app edits (bundled plus other site files)."""
        bundled, site = self._services_dirs()
        return load_directory(bundled, site, include_editor_file=False)[0].entries

    def site_services_path(self) -> Path:
        if self.site_dir is None:
            raise ResourceMissingError(
                "This install has no site configuration folder, so the services directory cannot be "
                "changed here.",
                hint="Run triage-desk paths to see where the site folder should be.",
            )
        return self.site_dir / "services" / EDITOR_FILE

    def site_entries(self) -> list[ServiceEntry]:
        path = self.site_services_path()
        return load_services_file(path)[0] if path.is_file() else []

    def save_directory(self, principal: Principal, wanted: list[ServiceEntry]) -> int:
        """Make the directory in force exactly ``wanted`` (supervisor or admin only).

        Only the differences from the bundled directory are written, to the site overrides folder
        (never the bundled files); the guidance uses the new directory at once. Returns how many
        entries the site file now overrides. Raises PermissionDeniedError or ValidationError.
        """
        require(principal, Permission.MANAGE_SERVICES_DIRECTORY)
        return self._write(principal, site_overrides(self.base_entries(), wanted))

    def save_site_entries(self, principal: Principal, entries: list[ServiceEntry]) -> int:
        """Replace the site override file with ``entries`` (supervisor or admin only)."""
        require(principal, Permission.MANAGE_SERVICES_DIRECTORY)
        return self._write(principal, entries)

    def _write(self, principal: Principal, entries: list[ServiceEntry]) -> int:
        problems, seen = [], set()
        for e in entries:
            found = entry_problems(e.name, e.category, e.phone, e.hours.text)
            if (why := id_problem(e.id, seen)) is not None:
                found["id"] = why
            seen.add(e.id)
            problems += [f"{e.name or e.id}: {message}" for message in found.values()]
        if problems:
            raise ValidationError(
                "The services directory was not saved: " + "; ".join(problems),
                hint="Correct the entries and save again.",
            )
        write_site_file(self.site_services_path(), entries, changed_by=principal.username, at=utc_now())
        log.info("services directory changed by %s: %d site entries", principal.username, len(entries))
        self.reload_directory()
        return len(entries)
