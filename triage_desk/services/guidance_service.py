"""Guidance use cases: evaluate, decide (with provenance), replay, edit the services directory.

One object the panel and the CLI share, so they print and show the same thing. Built from the form
library and the site overrides folder; needs no database except to store a decision.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.roles import Role
from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.schema import Form
from triage_desk.pathways.evaluator import evaluate_guidance
from triage_desk.pathways.guidance import Guidance
from triage_desk.pathways.library import RuleLibrary, load_rule_library
from triage_desk.pathways.model import RuleSet
from triage_desk.pathways.provenance import Decision, build_record, replay
from triage_desk.pathways.quickref import QuickRefLibrary, load_quickref
from triage_desk.pathways.services_directory import (
    ServiceEntry,
    ServicesDirectory,
    load_directory,
    load_services_file,
    write_site_file,
)
from triage_desk.platform.resources import resources_dir
from triage_desk.storage.contact_guidance import load_guidance, save_guidance
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)
SITE_SERVICES_FILE = "site-services.yaml"
EDITORS = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass
class GuidanceService:
    forms: FormLibrary
    rules: RuleLibrary
    directory: ServicesDirectory
    quickref: QuickRefLibrary
    site_dir: Path | None = None

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

    # Services directory editing (supervisors) -------------------------------------------------
    def site_services_path(self) -> Path:
        if self.site_dir is None:
            raise PermissionDeniedError("This install has no site configuration folder.")
        return self.site_dir / "services" / SITE_SERVICES_FILE

    def site_entries(self) -> list[ServiceEntry]:
        path = self.site_services_path()
        return load_services_file(path)[0] if path.is_file() else []

    def save_site_entries(self, role: str, entries: list[ServiceEntry]) -> None:
        if role not in EDITORS:
            raise PermissionDeniedError(
                "Only a supervisor or administrator can change the services directory.",
                hint="Ask your supervisor to make the change.",
            )
        write_site_file(self.site_services_path(), entries)
        res = resources_dir()
        self.directory, _ = load_directory(res / "services", self.site_services_path().parent)
