from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage_desk.cli import main
from triage_desk.services.app import open_app


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    app = open_app(tmp_path)
    try:
        app.lookup().create_person(
            actor_user_id=None,
            given_name="William",
            family_name="Smith",
            date_of_birth="12/03/1985",
            postcode="LS1 4AP",
        )
    finally:
        app.close()
    return tmp_path


def test_lookup_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "smyth", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["candidates"][0]["family_name"] == "Smith"
    assert "family name sounds alike (Smith)" in out["candidates"][0]["reasons"]


def test_lookup_structured_options_text_output(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "--name", "SMITH, Bill", "--dob", "3/12/1985"]) == 0
    out = capsys.readouterr().out
    assert "SMITH, William" in out
    assert "day and month swapped" in out and "likely" in out


def test_invalid_nhs_only_exits_1_with_reason(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "--nhs", "943 476 5918"]) == 1
    assert "check digit" in capsys.readouterr().err


def test_invalid_nhs_with_name_warns_and_searches_the_rest(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "smith", "--nhs", "9434765918", "--json"]) == 0
    captured = capsys.readouterr()
    assert "not searched" in captured.err
    assert json.loads(captured.out)["candidates"]


def test_limit(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "lookup", "smith", "--limit", "0"]) == 1
