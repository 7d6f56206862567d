"""Replay after a rule change, open-now across a bank holiday and clock changes, directory
validation, the police-log text, and forms check catching bad rules."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.forms.pathway_helpers import FORMS, NOW, SERVICE, guide
from triage_desk.cli import main
from triage_desk.domain.errors import ValidationError
from triage_desk.pathways.library import load_rule_library
from triage_desk.pathways.opening_hours import HoursSyntaxError, parse_hours
from triage_desk.pathways.police_log import police_log_text
from triage_desk.pathways.provenance import Decision, build_record, replay, replay_matches
from triage_desk.pathways.services_directory import load_services_file
from triage_desk.platform.resources import resources_dir

WELFARE = {
    "presenting_concern": ["welfare_concern"],
    "known_to_mh_services": "yes",
    "risk_self_ideation": "no",
    "incident_ref": "WX-1",
    "risk_formulation": "SECRET formulation text",
    "concern_narrative": "Diagnosed with bipolar disorder in 2012",
    "call_received_at": NOW,
}


def test_override_requires_a_reason_and_is_recorded() -> None:
    g = guide("triage-contact", WELFARE)
    with pytest.raises(ValidationError):
        build_record(g, FORMS, WELFARE, Decision("B", ("care_team_handover",)), NOW)
    record = build_record(g, FORMS, WELFARE, Decision("B", ("care_team_handover",), "new info from GP"), NOW)
    assert record["override_reason"] == "new info from GP" and record["differs"]
    agreed = build_record(g, FORMS, WELFARE, Decision("C", ("care_team_handover",)), NOW)
    assert agreed["differs"] == [] and agreed["rule_set"]["sha256"] == g.rule_set_sha256


def test_replay_uses_the_stored_rule_version_after_the_rules_change(tmp_path: Path) -> None:
    g = guide("triage-contact", WELFARE)
    record = build_record(g, FORMS, WELFARE, Decision("C", ("care_team_handover",)), NOW)
    bundled = resources_dir() / "pathways"
    site = tmp_path / "pathways"
    site.mkdir()
    v2 = (bundled / "rules-v1.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    v2 = v2.replace("  - id: R8\n", "  - id: R8\n", 1).replace(
        '    code: C\n    variants:\n      - when: {triage-contact: "answered(capable_supports)',
        '    code: B\n    variants:\n      - when: {triage-contact: "answered(capable_supports)',
        1,
    )
    (site / "rules-v2.yaml").write_text(v2, encoding="utf-8")
    library = load_rule_library(bundled, site, FORMS)
    assert library.warnings == [] and library.current().version == 2
    from triage_desk.pathways.evaluator import evaluate_guidance

    now_says = evaluate_guidance(
        library.current(), FORMS.get("triage-contact"), WELFARE, NOW, FORMS.codelists["triage_code"]
    )
    assert now_says.suggestion and now_says.suggestion.code == "B"  # the rules changed
    again = replay(record, library, FORMS)
    assert again.suggestion and again.suggestion.code == "C" and replay_matches(record, again)


def test_open_now_across_a_bank_holiday() -> None:
    hours = parse_hours("Mo-Fr 09:00-17:00; PH off")
    easter_monday = datetime(2025, 4, 21, 11, 0, tzinfo=UTC)  # 12:00 BST, England & Wales bank holiday
    assert hours.describe(easter_monday) == "closed — opens Tue 09:00"
    assert hours.describe(datetime(2025, 4, 22, 11, 0, tzinfo=UTC)) == "open now"
    no_ph = parse_hours("Mo-Fr 09:00-17:00")  # PH not mentioned: follows the weekday
    assert no_ph.describe(easter_monday) == "open now"


def test_open_now_across_the_clock_changes() -> None:
    hours = parse_hours("Mo-Su 09:00-17:00")
    # Spring forward 30 March 2025: 08:30 UTC is 09:30 BST (open), though 08:30 GMT would be closed.
    assert hours.describe(datetime(2025, 3, 30, 8, 30, tzinfo=UTC)) == "open now"
    assert hours.describe(datetime(2025, 3, 29, 8, 30, tzinfo=UTC)) == "closed — opens at 09:00"
    # Fall back 26 October 2025: 16:30 UTC is 16:30 GMT (open); the day before it is 17:30 BST (closed).
    assert hours.describe(datetime(2025, 10, 26, 16, 30, tzinfo=UTC)) == "open now"
    assert hours.describe(datetime(2025, 10, 25, 16, 30, tzinfo=UTC)) == "closed — opens Sun 09:00"
    overnight = parse_hours("Mo-Su 18:00-02:00")
    assert (
        overnight.describe(datetime(2025, 10, 26, 1, 30, tzinfo=UTC)) == "open now"
    )  # 01:30 GMT, after the change


def test_hours_syntax_errors_say_what_to_write() -> None:
    for bad in ("Mon-Fri 9-5", "Mo-Fr 09:00", "Xx 09:00-17:00", "Mo 25:00-26:00", ""):
        with pytest.raises(HoursSyntaxError, match="Mo-Fr 09:00-17:00"):
            parse_hours(bad)


def test_services_file_validation_reports_file_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "services:\n"
        '  - id: a\n    name: A\n    category: crisis_team\n    phone: "12345"\n    hours: "24/7"\n'
        "  - id: b\n    name: B\n    category: spaceship\n"
        '    phone: "01632 960999"\n    hours: "Mon-Fri 9-5"\n',
        encoding="utf-8",
    )
    entries, problems = load_services_file(path)
    assert entries == []
    text = [str(p) for p in problems]
    assert any(":5: field service a:" in t and "UK" in t for t in text)
    assert any("service b" in t and "unknown category" in t for t in text)
    assert any(":11: field service b:" in t and "opening hours" in t for t in text)


def test_bundled_directory_is_valid_and_uses_drama_numbers() -> None:
    entries, problems = load_services_file(resources_dir() / "services" / "wexley.yaml")
    assert problems == [] and len(entries) >= 15
    for e in entries:
        digits = e.phone.replace(" ", "")
        assert digits.startswith(("01632960", "02079460", "08081570")), e.phone


def test_police_log_has_no_free_text_formulation() -> None:
    g = guide("triage-contact", WELFARE)
    text = police_log_text(g, WELFARE, {"code": "C", "pathways": ["care_team_handover"]})
    assert "WX-1" in text and "UK MHTS C" in text and "not attending" in text and "Call received" in text
    assert "SECRET" not in text and "bipolar" not in text


def _check(tmp_path: Path, edit: str, capsys: pytest.CaptureFixture[str]) -> str:
    text = (resources_dir() / "pathways" / "rules-v1.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules-v9.yaml"
    path.write_text(text.replace("version: 1", "version: 9", 1) + edit, encoding="utf-8")
    assert main(["forms", "check", str(path)]) == 1
    return capsys.readouterr().out


RULE = """
  - id: R99
    title: "Test rule"
    forms: [triage-contact]
    when: "{when}"
    code: C
    rationale: "test"
{source}"""


def test_forms_check_catches_unknown_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _check(tmp_path, RULE.format(when="suicidal_plan", source='    source: ["x"]\n'), capsys)
    assert "R99" in out and "Unknown field 'suicidal_plan'" in out


def test_forms_check_catches_missing_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _check(tmp_path, RULE.format(when="risk_self_ideation", source=""), capsys)
    assert "R99" in out and "no source given" in out


def test_forms_check_catches_unreachable_and_shadowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _check(
        tmp_path,
        RULE.format(
            when="location_type = 'school' and location_type = 'workplace'", source='    source: ["x"]\n'
        ),
        capsys,
    )
    assert "R99" in out and "unreachable" in out
    shadow = RULE.format(
        when="risk_self_ideation and risk_self_plan and risk_self_means", source='    source: ["x"]\n'
    ).replace("code: C", "code: B")
    out = _check(tmp_path, shadow, capsys)
    assert "R99" in out and "shadowed by R13" in out


def test_guide_cli_prints_what_the_panel_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"location_type": "public_place", "s136_considered": "yes"}', encoding="utf-8")
    assert main(["guide", "--form", "triage-contact", str(answers), "--at", "2025-06-04T14:00+01:00"]) == 0
    out = capsys.readouterr().out
    assert "Suggested: B" in out and "R3" in out and "[x] Not in a private dwelling" in out
    assert main(["guide", "--form", "triage-contact", str(answers), "--json"]) == 0
    assert '"rule_set_sha256"' in capsys.readouterr().out


def test_bundled_services_copied_to_site_override_is_used(tmp_path: Path) -> None:
    shutil.copy(resources_dir() / "services" / "wexley.yaml", tmp_path / "x.yaml")
    assert SERVICE.directory.entries


def test_guide_answers_json_round_trip_and_strict_errors() -> None:
    from triage_desk.pathways.answers_io import answers_from_json, answers_to_json

    form = FORMS.get("triage-contact")
    typed = answers_from_json(form, {"call_received_at": "2025-03-01T22:15:00+00:00", "incident_ref": "X-1"})
    assert typed["call_received_at"] == datetime(2025, 3, 1, 22, 15, tzinfo=UTC)
    assert answers_from_json(form, answers_to_json(form, typed)) == typed
    with pytest.raises(ValidationError, match="call_received_at"):
        answers_from_json(form, {"call_received_at": "last tuesday"})
    with pytest.raises(ValidationError, match="Unknown field"):
        answers_from_json(form, {"incident_reff": "X-1"})
