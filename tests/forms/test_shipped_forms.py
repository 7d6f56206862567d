"""Every shipped form and code list loads, passes forms check, and F3 enforces the s136 rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triage_desk.cli import main
from triage_desk.forms_engine.evaluation import Evaluator
from triage_desk.forms_engine.expressions import EvalContext
from triage_desk.forms_engine.loader import load_folder, load_form_library
from triage_desk.forms_engine.schema import FieldType
from triage_desk.forms_engine.signing_validation import validate_for_signing
from triage_desk.platform.resources import forms_dir

SHIPPED = [
    "triage-contact",
    "rcrp-decision",
    "s136-monitor",
    "walkout-awol",
    "safeguarding-referral",
    "missing-person",
    "frequent-contact-review",
]
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def library():
    lib, problems = load_folder(forms_dir())
    assert [str(p) for p in problems] == []
    return lib


def test_all_seven_forms_ship(library) -> None:
    assert sorted(fid for fid, _ in library.forms) == sorted(SHIPPED)


def test_cli_forms_check_passes_on_bundled_forms(capsys) -> None:
    assert main(["forms", "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_no_form_has_a_total_risk_score_field(library) -> None:
    for form in library.forms.values():
        for fid in form.fields_by_id:
            assert "risk_score" not in fid and "total_risk" not in fid, (form.id, fid)


def test_every_f1_section_has_a_unique_shortcut(library) -> None:
    sections = library.get("triage-contact").sections
    assert len(sections) == 14
    assert len({s.shortcut for s in sections}) == 14 and all(s.shortcut for s in sections)


def test_f1_key_fields_use_the_product_codes(library) -> None:
    f1 = library.get("triage-contact")
    assert f1.field("contact_mode").choice_values == {
        "advice_to_police_only",
        "phone_with_person",
        "joint_face_to_face",
        "records_check_only",
        "video",
    }
    assert {"01", "06", "98", "s136_detention", "no_further_action"} <= f1.field("outcome_code").choice_values
    assert f1.field("triage_code").choice_values == set("ABCDEFG")
    for fid in ("call_received_at", "mhp_involved_at", "advice_given_at", "closed_at"):
        assert f1.field(fid).type is FieldType.DATETIME


def test_f1_flags_under_18_from_date_of_birth(library) -> None:
    f1 = library.get("triage-contact")
    state = Evaluator(f1).evaluate({"date_of_birth": datetime(2010, 1, 1).date()}, EvalContext(now=NOW))
    assert state.calculated["age"] == 15 and state.calculated["under_18"] is True


def test_f1_rejects_invalid_nhs_number(library) -> None:
    f1 = library.get("triage-contact")
    state = Evaluator(f1).evaluate({"nhs_number": "943 476 5918"}, EvalContext(now=NOW))
    assert "NHS number" in state.errors["nhs_number"]


def _f3_answers(**overrides: object) -> dict[str, object]:
    arrived = NOW - timedelta(hours=3)
    answers: dict[str, object] = {
        "incident_ref": "LOG-1",
        "power_used": "s136_1",
        "age": 30,
        "location_type": "public_place",
        "consulted": "yes",
        "detained_at": arrived - timedelta(minutes=30),
        "ambulance_requested": "yes",
        "vehicle": "ambulance",
        "first_pos": "health_based_pos",
        "pos_arrived_at": arrived,
    }
    answers.update(overrides)
    return answers


def test_f3_police_station_is_refused_for_under_18(library) -> None:
    f3 = library.get("s136-monitor")
    problems = validate_for_signing(f3, _f3_answers(age=16, first_pos="police_station"), EvalContext(now=NOW))
    messages = {p.field: p.message for p in problems}
    assert "never be a place of safety for anyone under 18" in messages["first_pos"]


def test_f3_police_station_for_adult_requires_all_conditions(library) -> None:
    f3 = library.get("s136-monitor")
    problems = validate_for_signing(
        f3, _f3_answers(first_pos="police_station", imminent_risk="no"), EvalContext(now=NOW)
    )
    fields = {p.field for p in problems}
    assert {
        "imminent_risk",
        "no_other_pos",
        "hcp_available",
        "inspector_name",
        "inspector_authorised_at",
    } <= fields
    assert validate_for_signing(f3, _f3_answers(), EvalContext(now=NOW)) == []


def test_f3_extension_reasons_exclude_professional_delay(library) -> None:
    reasons = library.get("s136-monitor").field("extension_reason").choices
    text = " ".join(f"{c.value} {c.label}".lower() for c in reasons)
    assert reasons and "amhp" not in text and "delay" not in text and "doctor" not in text


@pytest.mark.parametrize(("extension", "hours"), [(None, 24), (6, 30), (12, 36), (20, 36)])
def test_f3_clock_deadline(library, extension: int | None, hours: int) -> None:
    f3 = library.get("s136-monitor")
    answers = _f3_answers()
    if extension is not None:
        answers |= {"extension_granted": "yes", "extension_hours": extension}
    state = Evaluator(f3).evaluate(answers, EvalContext(now=NOW))
    assert state.calculated["detention_deadline"] == answers["pos_arrived_at"] + timedelta(hours=hours)
    if extension == 20:
        assert "12 hours" in state.errors["extension_hours"]


def test_f7_requires_the_each_call_on_its_merits_statement(library) -> None:
    f7 = library.get("frequent-contact-review")
    problems = validate_for_signing(
        f7, {"patterns_triggers": "x", "care_team_notified": "yes", "each_call_assessed_on_merits": "no"}
    )
    assert any(p.field == "each_call_assessed_on_merits" for p in problems)


def test_site_override_with_a_broken_form_falls_back_to_bundled(tmp_path) -> None:
    site = tmp_path / "site"
    (site / "triage-contact").mkdir(parents=True)
    (site / "triage-contact" / "v1.yaml").write_text("form: triage-contact\nversion: 1\nsections: [oops\n")
    library = load_form_library(forms_dir(), site)
    assert library.get("triage-contact").source.parent.parent == forms_dir()
    assert len(library.warnings) == 1
    assert (
        "site form triage-contact v1" in library.warnings[0]
        and "using the bundled version" in library.warnings[0]
    )


def test_site_override_with_a_valid_new_version_is_used(tmp_path) -> None:
    site = tmp_path / "site"
    (site / "missing-person").mkdir(parents=True)
    text = (forms_dir() / "missing-person" / "v1.yaml").read_text().replace("version: 1", "version: 2")
    (site / "missing-person" / "v2.yaml").write_text(text)
    library = load_form_library(forms_dir(), site)
    assert library.get("missing-person").version == 2 and library.warnings == []
