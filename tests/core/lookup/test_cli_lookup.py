from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage_desk.cli import main
from triage_desk.services.app import open_app

ADMIN_PW = "admin password 1"
NURSE_PW = "clinician password"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk with an admin (root), a clinician (nina) and one person; signed in as nina."""
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", ADMIN_PW)
    init = ["init", "--admin-user", "root", "--admin-name", "Rosa Root"]
    assert main(["--data-dir", str(tmp_path), *init]) == 0
    monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", NURSE_PW)
    add = ["users", "add", "nina", "--role", "clinician", "--display-name", "Nina Nurse"]
    assert main(["--data-dir", str(tmp_path), "--user", "root", *add]) == 0
    app = open_app(tmp_path)
    try:
        nina = app.auth.sign_in("nina", NURSE_PW)
        app.lookup().create_person(
            principal=nina,
            given_name="William",
            family_name="Smith",
            date_of_birth="12/03/1985",
            postcode="LS1 4AP",
        )
    finally:
        app.close()
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", NURSE_PW)
    return tmp_path


def lookup(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--user", "nina", "lookup", *args])


def test_lookup_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lookup(data_dir, "smyth", "--json", "--incident", "CC-1") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["candidates"][0]["family_name"] == "Smith"
    assert "family name sounds alike (Smith)" in out["candidates"][0]["reasons"]


def test_lookup_structured_options_text_output(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lookup(data_dir, "--name", "SMITH, Bill", "--dob", "3/12/1985", "--reason", "welfare check") == 0
    out = capsys.readouterr().out
    assert "SMITH, William" in out
    assert "day and month swapped" in out and "likely" in out


def test_invalid_nhs_only_exits_1_with_reason(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lookup(data_dir, "--nhs", "943 476 5918", "--incident", "CC-1") == 1
    assert "check digit" in capsys.readouterr().err


def test_invalid_nhs_with_name_warns_and_searches_the_rest(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lookup(data_dir, "smith", "--nhs", "9434765918", "--json", "--incident", "CC-1") == 0
    captured = capsys.readouterr()
    assert "not searched" in captured.err
    assert json.loads(captured.out)["candidates"]


def test_limit(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lookup(data_dir, "smith", "--limit", "0", "--incident", "CC-1") == 1


@pytest.mark.parametrize("purpose", [[], ["--incident", "  "], ["--reason", ""]])
def test_a_lookup_without_a_purpose_is_refused_naming_the_options(
    data_dir: Path, capsys: pytest.CaptureFixture[str], purpose: list[str]
) -> None:
    assert lookup(data_dir, "smith", *purpose) == 1
    captured = capsys.readouterr()
    assert "needs a purpose" in captured.err
    assert "--incident" in captured.err and "--reason" in captured.err
    assert captured.out == ""  # nothing was searched


def test_a_lookup_without_a_user_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "smith", "--incident", "CC-1"]) == 1
    assert "needs you to sign in" in capsys.readouterr().err


def test_a_wrong_password_searches_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "not the password")
    assert lookup(data_dir, "smith", "--incident", "CC-1") == 1
    captured = capsys.readouterr()
    assert "SMITH" not in captured.out and "Smith" not in captured.err


def test_importing_a_register_needs_a_supervisor_and_is_audited(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    register = data_dir / "register.csv"
    rows = "given_name,family_name,date_of_birth\nAda,Quill,01/02/1990\nBo,,not a date\n"
    register.write_text(rows, "utf-8")
    command = ["--data-dir", str(data_dir), "import", "persons", str(register)]
    assert main(["--user", "nina", *command]) == 1  # a clinician
    assert "Importing a person register needs the supervisor or admin role" in capsys.readouterr().err
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", ADMIN_PW)
    assert main(["--user", "root", *command]) == 0
    assert "1 added, 0 updated, 1 rejected" in capsys.readouterr().out
    app = open_app(data_dir)
    try:
        from sqlalchemy import select

        from triage_desk.storage.models import AuditEvent

        with app.db.reader() as s:
            events = s.execute(select(AuditEvent.username, AuditEvent.detail)
                               .where(AuditEvent.action == "import_persons")).all()
    finally:
        app.close()
    assert events == [("root", {"rows": 2, "created": 1, "updated": 0, "rejected": 1})]
