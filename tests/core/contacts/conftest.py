"""A file-backed database and a ContactService over the bundled forms (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.accounts import sign_in_everyone
from triage_desk.domain.principal import Principal
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.platform.resources import forms_dir
from triage_desk.services.contact_service import ContactService
from triage_desk.storage.database import Database

NOW = datetime(2025, 6, 1, 13, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = Database.open(tmp_path / "t.db")
    yield database
    database.close()


@pytest.fixture
def service(db) -> ContactService:
    return ContactService(db, load_form_library(forms_dir(), None), clock=lambda: NOW)


@pytest.fixture
def staff(db, service) -> dict[str, Principal]:
    """Signed-in admin, supervisor and two clinicians (keys: role names, "clinician2")."""
    return sign_in_everyone(db, service.audit)


@pytest.fixture
def me(staff) -> Principal:
    return staff["clinician"]


def complete_f1() -> dict[str, object]:
    """The least a nurse must fill in to sign F1."""
    return {
        "incident_ref": "CC-2025-0601-0042",
        "call_received_at": datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
        "mhp_involved_at": datetime(2025, 6, 1, 12, 5, tzinfo=UTC),
        "advice_given_at": datetime(2025, 6, 1, 12, 20, tzinfo=UTC),
        "closed_at": datetime(2025, 6, 1, 12, 40, tzinfo=UTC),
        "requester_type": "call_handler",
        "contact_mode": "advice_to_police_only",
        "identity_known": "no",
        "date_of_birth": date(1985, 3, 12),
        "location_type": "public_place",
        "presenting_concern": ["suicidal_thoughts"],
        "risk_formulation": "Low imminence; protective family present.",
        "children_present": "no",
        "triage_code": "C",
        "triage_reason": "High distress, no immediate means.",
        "rcrp_decision": "threshold_met_risk_to_life",
        "police_action": "attend_with_mhp",
        "outcome_code": "01",
        "info_shared": "no",
        "practitioner_role": "rmn",
    }
