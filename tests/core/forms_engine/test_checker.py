"""forms check on deliberately broken files: file, line, field and a fix; non-zero exit; no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from triage_desk.cli import main
from triage_desk.forms_engine.checker import release_entry
from triage_desk.platform.resources import forms_dir

GOOD = """\
form: demo
version: 1
title: Demo
sections:
  - id: main
    title: Main
    fields:
      - id: age
        type: integer
        label: Age
      - id: location_type
        type: single_choice
        choices: location_type
        label: Location
      - id: note
        type: text
        label: Note
        shown_when: "age < 18"
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "codelists").mkdir()
    shutil.copy(forms_dir() / "codelists" / "location_type.yaml", tmp_path / "codelists")
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "v1.yaml").write_text(GOOD)
    return tmp_path


def check(root: Path, capsys) -> tuple[int, str]:
    status = main(["forms", "check", str(root)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out


def test_good_fixture_passes(root: Path, capsys) -> None:
    assert check(root, capsys)[0] == 0


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("      - id: note\n", "      - id: age\n", 15, "age", "duplicate field id"),
        ('shown_when: "age < 18"', 'shown_when: "agee < 18"', 18, "note", "Unknown field 'agee'"),
        ('shown_when: "age < 18"', "shown_when: \"age < 'ten'\"", 18, "note", "Cannot compare"),
        ("choices: location_type", "choices: location_types", 13, "location_type", "unknown code list"),
        ('shown_when: "age < 18"', "shown_when: \"location_type = 'flat'\"", 18, "note", "not a choice"),
        (
            "        label: Age\n",
            "        label: Age\n        requred: true\n",
            11,
            "age",
            "unknown attribute 'requred'",
        ),
    ],
)
def test_broken_fixture_is_reported_precisely(
    root: Path, capsys, old: str, new: str, line: int, field: str, words: str
) -> None:
    path = root / "demo" / "v1.yaml"
    path.write_text(GOOD.replace(old, new))
    status, out = check(root, capsys)
    assert status == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:{line}: field {field}:") and words in first and " — " in first


def test_calculation_cycle(root: Path, capsys) -> None:
    extra = (
        '      - id: a\n        type: calculated\n        label: A\n        calculation: "b + 1"\n'
        '      - id: b\n        type: calculated\n        label: B\n        calculation: "a + 1"\n'
    )
    (root / "demo" / "v1.yaml").write_text(GOOD + extra)
    status, out = check(root, capsys)
    assert status == 1 and "cycle: a → b → a" in out and "field a:" in out


def test_malformed_yaml_gives_line_not_traceback(root: Path, capsys) -> None:
    (root / "demo" / "v1.yaml").write_text(GOOD.replace("title: Main", "title: [Main"))
    status, out = check(root, capsys)
    assert status == 1 and "malformed YAML" in out and "v1.yaml:7:" in out and "started on line 6" in out


def test_changed_released_version_is_refused(root: Path, capsys) -> None:
    path = root / "demo" / "v1.yaml"
    (root / "RELEASED.toml").write_text(release_entry(root, path, "demo", 1))
    assert check(root, capsys)[0] == 0
    path.write_text(GOOD.replace("label: Note", "label: A note"))
    status, out = check(root, capsys)
    assert status == 1 and "has been edited" in out and "demo/v2.yaml" in out


def test_version_reuse_across_files(root: Path, capsys) -> None:
    (root / "demo" / "v2.yaml").write_text(GOOD)  # claims version 1 again
    status, out = check(root, capsys)
    assert status == 1 and "store it as demo/v1.yaml" in out


def test_code_list_with_unquoted_numeric_code(root: Path, capsys) -> None:
    (root / "codelists" / "grade.yaml").write_text(
        "codelist: grade\ntitle: G\nchoices:\n  - value: 01\n    label: One\n"
    )
    status, out = check(root, capsys)
    assert status == 1 and "grade.yaml:4:" in out and "quote" in out
