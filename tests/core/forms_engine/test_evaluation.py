"""FormState: visibility, required-when, calculation order, signing validation, input parsing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from triage_desk.forms_engine.evaluation import Evaluator
from triage_desk.forms_engine.input_parsing import DateInputError, parse_date, parse_time
from triage_desk.forms_engine.loader import load_form
from triage_desk.forms_engine.signing_validation import validate_for_signing

FORM = """\
form: demo
version: 1
title: Demo
sections:
  - id: main
    title: Main
    fields:
      - {id: total, type: calculated, label: Total, calculation: "double + 1"}
      - {id: double, type: calculated, label: Double, calculation: "base * 2"}
      - {id: base, type: integer, label: Base, required: true}
      - {id: harmed, type: yes_no_unknown, label: Harmed}
      - {id: detail, type: text, label: Detail, max_length: 5, shown_when: "harmed",
         required_when: "base > 10"}
      - id: kids
        type: repeat
        label: Kids
        fields:
          - {id: kid_age, type: integer, label: Age, required: true}
          - {id: kid_school, type: text, label: School, shown_when: "kid_age >= 4"}
"""


@pytest.fixture
def form(tmp_path: Path):
    (tmp_path / "demo").mkdir()
    path = tmp_path / "demo" / "v1.yaml"
    path.write_text(FORM)
    built, problems = load_form(path, {})
    assert problems == []
    return built


def test_calculations_run_in_dependency_order(form) -> None:
    state = Evaluator(form).evaluate({"base": 4})
    assert state.calculated["double"] == 8 and state.calculated["total"] == 9


def test_shown_when_hides_and_shows(form) -> None:
    ev = Evaluator(form)
    assert ev.evaluate({"harmed": "no", "detail": "x"}).visible["detail"] is False
    assert ev.evaluate({"harmed": "unknown"}).visible["detail"] is False
    assert ev.evaluate({"harmed": "yes"}).visible["detail"] is True


def test_required_when_and_hidden_fields_not_required(form) -> None:
    ev = Evaluator(form)
    assert "detail" in ev.evaluate({"base": 11, "harmed": "yes"}).missing
    assert "detail" not in ev.evaluate({"base": 5, "harmed": "yes"}).missing
    assert "detail" not in ev.evaluate({"base": 11, "harmed": "no"}).missing


def test_repeat_rows_have_their_own_visibility(form) -> None:
    state = Evaluator(form).evaluate({"kids": [{"kid_age": 2}, {"kid_age": 9}, {}]})
    assert state.visible["kids[0].kid_school"] is False and state.visible["kids[1].kid_school"] is True
    assert "kids[2].kid_age" in state.missing


def test_sign_validation_lists_missing_and_bad_values(form) -> None:
    problems = validate_for_signing(form, {"harmed": "yes", "detail": "too long text"})
    assert {(p.field, "required" in p.message) for p in problems} >= {("base", True)}
    assert any(p.field == "detail" and "limit is 5" in p.message for p in problems)
    # A hidden field's over-long answer is kept in the draft but not judged.
    assert not any(
        p.field == "detail"
        for p in validate_for_signing(form, {"base": 1, "harmed": "no", "detail": "too long text"})
    )


def test_evaluation_is_fast_enough_for_keystrokes() -> None:
    from time import perf_counter

    from triage_desk.forms_engine.loader import load_folder
    from triage_desk.platform.resources import forms_dir

    library, _ = load_folder(forms_dir())
    ev = Evaluator(library.get("triage-contact"))
    answers = {
        "date_of_birth": date(1990, 1, 1),
        "presenting_concern": ["suicidal_thoughts"],
        "info_shared": "yes",
    }
    start = perf_counter()
    for _ in range(50):
        ev.evaluate(answers)
    assert (perf_counter() - start) / 50 < 0.005  # generous: a smoke check, the benchmark measures properly


TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/3/85", date(1985, 3, 12)),
        ("12031985", date(1985, 3, 12)),
        ("12-03-1985", date(1985, 3, 12)),
        ("1/6/25", date(2025, 6, 1)),
        ("2/6/25", date(1925, 6, 2)),
        ("today", TODAY),
        ("yesterday", date(2025, 5, 31)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31/2/2020", "13/13/13", "soon", "1/2"])
def test_parse_date_errors_say_what_to_type(text: str) -> None:
    with pytest.raises(DateInputError, match="day first"):
        parse_date(text, TODAY)


def test_parse_time() -> None:
    now = datetime(2025, 6, 1, 9, 7, 33)
    assert parse_time("1430", now).isoformat() == "14:30:00"
    assert parse_time("14:30", now).isoformat() == "14:30:00"
    assert parse_time("now", now).isoformat() == "09:07:00"
    with pytest.raises(DateInputError):
        parse_time("2561", now)
