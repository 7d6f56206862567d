from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.core.lookup.conftest import Search
from triage_desk.cli import main
from triage_desk.domain.errors import ValidationError
from triage_desk.services.person_import import import_persons
from triage_desk.storage.database import Database

HEADER = "given_name,family_name,date_of_birth,sex,address,postcode,phone,nhs_number,external_ref,aliases\n"
GOOD_AND_BAD = (
    HEADER
    + "William,Smith,12/03/1985,M,1 High St,LS1 4AP,07700 900123,943 476 5919,EXT-1,Bill Smith\n"
    + 'Catherine,O\'Brien,1990-07-21,F,,M1 1AE,,,EXT-2,"MURPHY, Kate"\n'
    + "Bad,Nhs,01/01/1980,,,,,943 476 5918,EXT-3,\n"
    + "Bad,Date,31/02/1980,,,,,,EXT-4,\n"
    + "Too,Few,01/01/1980\n"
    + ",,01/01/1980,,,,,,EXT-6,\n"
)


def write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rows_import_and_bad_rows_go_to_rejects_with_row_and_reason(
    tmp_path: Path, db: Database, search: Search
) -> None:
    report = import_persons(db, write(tmp_path, GOOD_AND_BAD))
    assert (report.created, report.updated, report.rejected) == (2, 0, 4)
    assert report.rejects_file == tmp_path / "people.rejects.csv"
    with report.rejects_file.open(encoding="utf-8") as handle:
        rejects = list(csv.DictReader(handle))
    by_row = {int(r["row"]): r["reason"] for r in rejects}
    assert "check digit" in by_row[4]
    assert "Date of birth" in by_row[5] and "not a real date" in by_row[5]
    assert by_row[6] == "row has 3 fields but the header has 10"
    assert "name is needed" in by_row[7]
    assert rejects[0]["external_ref"] == "EXT-3"  # the original fields are kept for fixing
    assert search("kate murphy").candidates[0].person.family_name == "O'Brien"
    assert search("bill smith 12/3/85").candidates[0].band == "likely"


def test_reimport_updates_by_external_ref(tmp_path: Path, db: Database, search: Search) -> None:
    import_persons(db, write(tmp_path, GOOD_AND_BAD))
    changed = HEADER + "William,Smith,12/03/1985,M,9 New Rd,LS2 7EW,,,EXT-1,\n"
    report = import_persons(db, write(tmp_path, changed))
    assert (report.created, report.updated, report.rejected) == (0, 1, 0)
    assert not (tmp_path / "people.rejects.csv").exists()
    hits = [c for c in search("william smith").candidates if c.person.family_name == "Smith"]
    assert len(hits) == 1 and hits[0].person.postcode == "LS2 7EW"


def test_missing_header_column_is_named(tmp_path: Path, db: Database) -> None:
    with pytest.raises(ValidationError, match="lacks the column\\(s\\) family_name"):
        import_persons(db, write(tmp_path, "given_name,dob\nA,1/1/1980\n"))


def test_unknown_column_is_named(tmp_path: Path, db: Database) -> None:
    with pytest.raises(ValidationError, match="unknown column\\(s\\) postcde"):
        import_persons(db, write(tmp_path, "given_name,family_name,postcde\nA,B,LS1 4AP\n"))


def test_wrong_encoding_names_the_line(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "Zoë,Lefèvre,,,,,,,,\n").encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8.*line 2"):
        import_persons(db, path)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A data dir with its first administrator, and the options that sign in as them."""
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    return ["--data-dir", data, "--user", "root"]


def test_cli_import_reports_counts_and_progress(tmp_path: Path, desk: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD_AND_BAD)
    capsys.readouterr()
    assert main([*desk, "import", "persons", str(path)]) == 0
    captured = capsys.readouterr()
    assert "2 added, 0 updated, 4 rejected" in captured.out
    assert "people.rejects.csv" in captured.out
    assert "importing: 2/2 rows" in captured.err


def test_cli_import_bad_file_exits_1(tmp_path: Path, desk: list[str],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "name\nx\n")
    assert main([*desk, "import", "persons", str(path)]) == 1
    assert "lacks the column" in capsys.readouterr().err
