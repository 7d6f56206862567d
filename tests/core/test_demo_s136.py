"""Demo s136 records: what a supervisor opening a demo's s136 figures or its F3 forms would see."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from triage_desk.forms_engine.answer_codec import decode_answers
from triage_desk.forms_engine.expressions import EvalContext
from triage_desk.forms_engine.loader import load_folder
from triage_desk.forms_engine.signing_validation import validate_for_signing
from triage_desk.platform.resources import forms_dir
from triage_desk.services.demo_data import generate_demo_data
from triage_desk.storage.database import Database

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo() -> Database:
    db = Database.open(None)
    generate_demo_data(db, persons=600, contacts=4000, seed=11, now=NOW)
    yield db
    db.close()


def records(db: Database, form_id: str) -> list[dict]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM contacts WHERE form_id = :f ORDER BY id"), {"f": form_id})
        out = [dict(r._mapping) for r in rows]
    for row in out:
        row["answers"] = json.loads(row["answers"])
    return out


def test_every_signed_detention_has_one_monitor_for_the_same_person_and_incident(demo: Database) -> None:
    contacts = records(demo, "triage-contact")
    monitors = records(demo, "s136-monitor")
    detentions = [c for c in contacts if c["outcome_code"] == "s136_detention" and c["status"] == "signed"]
    assert len(monitors) == len(detentions) > 20
    by_incident = {(m["person_id"], m["call_received_at"]): m for m in monitors}
    for contact in detentions:
        monitor = by_incident[(contact["person_id"], contact["call_received_at"])]
        assert contact["answers"]["s136_used"] == "yes"
        assert contact["location_type"] not in ("private_dwelling_own", "private_dwelling_other")
        assert monitor["answers"]["incident_ref"]
        assert monitor["created_at"] >= contact["created_at"]


def test_signed_monitors_pass_the_forms_own_signing_checks(demo: Database) -> None:
    library, problems = load_folder(forms_dir())
    assert not problems
    form = library.get("s136-monitor", 1)
    for monitor in records(demo, "s136-monitor"):
        if monitor["status"] != "signed":
            continue
        answers = decode_answers(form, monitor["answers"])
        signed = datetime.fromisoformat(monitor["signed_at"]).replace(tzinfo=UTC)
        assert validate_for_signing(form, answers, EvalContext(now=signed)) == [], monitor["answers"]


def test_monitors_are_plausible(demo: Database) -> None:
    monitors = [m["answers"] for m in records(demo, "s136-monitor")]
    places = [m["first_pos"] for m in monitors]
    assert places.count("police_station") <= max(1, len(places) // 20)
    assert all(m["age"] >= 18 for m in monitors if m["first_pos"] == "police_station")
    assert {"health_based_pos", "ed"} <= set(places)
    assert {"ambulance", "police_vehicle"} <= {m["vehicle"] for m in monitors}
    assert all(m.get("police_vehicle_reason") for m in monitors if m["vehicle"] == "police_vehicle")
    assert len({m["ethnicity_self"] for m in monitors}) >= 3
    handovers = [m for m in monitors if "handover_at" in m]
    assert all(m["handover_at"] >= m["pos_arrived_at"] >= m["detained_at"] for m in handovers)


def test_urgent_contacts_sometimes_considered_s136_and_avoided_it(demo: Database) -> None:
    avoided = [c["answers"] for c in records(demo, "triage-contact")
               if c["answers"].get("s136_considered") == "yes" and c["answers"].get("s136_used") == "no"]
    assert avoided and all(a["s136_avoided_how"] for a in avoided)
