"""Shared fixtures for the guidance tests: the real forms, the shipped rules and directory."""

from __future__ import annotations

from datetime import UTC, datetime

from triage_desk.forms_engine.loader import load_form_library
from triage_desk.pathways.guidance import Guidance
from triage_desk.platform.resources import forms_dir
from triage_desk.services.guidance_service import GuidanceService

NOW = datetime(2025, 6, 4, 13, 0, tzinfo=UTC)  # a Wednesday afternoon, not a bank holiday
FORMS = load_form_library(forms_dir(), None)
SERVICE = GuidanceService.build(FORMS, None)


def guide(form_id: str, answers: dict[str, object], at: datetime = NOW) -> Guidance:
    g = SERVICE.evaluate(FORMS.get(form_id), answers, at)
    assert g.errors == ()
    return g


def code(g: Guidance) -> str | None:
    return g.suggestion.code if g.suggestion else None


def checklist(g: Guidance, cid: str) -> dict[str, str]:
    found = next(c for c in g.checklists if c.id == cid)
    return {line.text: line.status for line in found.items}


def pathway_ids(g: Guidance) -> list[str]:
    return [p.id for p in g.pathways]
