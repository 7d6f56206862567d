"""Exports: nothing identifying by default, DEMO DATA marked, identifiable only for supervisors."""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.core.reports.conftest import NewDatabase
from tests.core.reports.known_data import SECRETS, build
from triage_desk.domain.errors import PermissionDeniedError, ValidationError
from triage_desk.reports.contact_rows import ExportCancelledError
from triage_desk.reports.periods import Period, custom, night_shift
from triage_desk.services.report_service import ReportService

NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)
# The whole fixture: both nights and everything around them.
EVERYTHING = custom(datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), "All")


def all_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:  # every sheet and the shared strings, as raw XML
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_default_export_holds_no_identifier(tmp_path: Path, fmt: str) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    files = service.export(fmt, tmp_path / f"shift.{fmt}", EVERYTHING, generated_by="Sam Supervisor")
    text = "\n".join(all_text(f) for f in files)
    assert known.ids["c1"] in text  # the rows are there...
    for secret in SECRETS:  # ...but no name, NHS number, postcode, phone, address, log number, free text
        assert secret not in text
    assert "Pseudonymised" in text and "Sam Supervisor" in text


def test_csv_has_one_row_per_contact_with_a_stable_person_key(tmp_path: Path, report_db: NewDatabase) -> None:
    known = build(db=report_db())  # on SQLite and PostgreSQL: the rows stream from either
    service = ReportService(known.db, clock=lambda: NOW)
    contacts, summary = service.export("csv", tmp_path / "s.csv", EVERYTHING, generated_by="x")
    lines = [ln for ln in contacts.read_text(encoding="utf-8-sig").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert len(rows) == 13  # every triage contact (F1) of the fixture; companion forms are not contacts
    by_id = {r["contact_id"]: r for r in rows}
    assert by_id[known.ids["c1"]]["person_key"].startswith("P-")
    assert by_id[known.ids["c1"]]["age_band"] == "45–54"  # from the date of birth; never the date itself
    assert by_id[known.ids["c5"]]["person_key"] != by_id[known.ids["c1"]]["person_key"]
    assert by_id[known.ids["c4"]]["person_key"] == ""
    assert "Contacts by UK MHTS triage code" in summary.read_text(encoding="utf-8-sig")
    # A second export cannot be linked to the first: the HMAC key is fresh each time.
    again, _ = service.export("csv", tmp_path / "t.csv", EVERYTHING, generated_by="x")
    assert by_id[known.ids["c1"]]["person_key"] not in again.read_text(encoding="utf-8-sig")


def test_demo_database_says_so_first(tmp_path: Path) -> None:
    known = build(demo=True)
    service = ReportService(known.db, clock=lambda: NOW)
    for path in service.export("csv", tmp_path / "d.csv", EVERYTHING, generated_by="x"):
        assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("# DEMO DATA")
    [xlsx] = service.export("xlsx", tmp_path / "d.xlsx", EVERYTHING, generated_by="x")
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames[0] == "DEMO DATA"
    assert book["Summary"]["A1"].value.startswith("DEMO DATA")
    assert {"Summary", "s136 ADR", "Data quality", "Contacts"} <= set(book.sheetnames)


def test_identifiable_export_needs_a_supervisor_and_a_reason_and_is_audited(tmp_path: Path) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    events: list[dict] = []
    night: Period = night_shift(date(2025, 10, 25))
    kwargs = {"actor": "Nurse N", "audit": lambda **e: events.append(e)}
    with pytest.raises(PermissionDeniedError):
        service.export_identifiable("csv", tmp_path / "i.csv", night, role="clinician", reason="x", **kwargs)
    with pytest.raises(ValidationError):
        service.export_identifiable("csv", tmp_path / "i.csv", night, role="admin", reason="  ", **kwargs)
    assert events == [] and not (tmp_path / "i.csv").exists()

    files = service.export_identifiable(
        "xlsx", tmp_path / "i.xlsx", night, role="supervisor", reason="Serious incident review 42",
        actor="Sam Supervisor", audit=lambda **e: events.append(e),
    )
    assert len(events) == 1
    event = events[0]
    assert (event["action"], event["reason"], event["rows"]) == ("export_identifiable",
                                                                 "Serious incident review 42", 5)
    assert event["period"] == night
    text = all_text(files[0])
    assert "Quixotically" in text and "9990012345" in text and "IDENTIFIABLE" in text


def test_cancelled_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        report_db: NewDatabase) -> None:
    import triage_desk.reports.contact_rows as contact_rows

    monkeypatch.setattr(contact_rows, "PAGE", 2)
    known = build(db=report_db())
    service = ReportService(known.db, clock=lambda: NOW)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelledError):
        service.export("xlsx", tmp_path / "c.xlsx", EVERYTHING, generated_by="x",
                       progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2)
    assert seen[:2] == [(2, 13), (4, 13)]
    assert list(tmp_path.iterdir()) == []


def test_cli_exports_a_pseudonymised_csv_and_refuses_identifiable_for_a_clinician(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from triage_desk.cli.main import main

    data = tmp_path / "data"
    out = tmp_path / "n.csv"
    argv = ["export", "shift", "--data-dir", str(data), "--from", "2025-10-25T19:00", "--to",
            "2025-10-26T07:00", "--team", "Control room", "--format", "csv", "--out", str(out)]
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Night" not in text.splitlines()[0]
    assert "25/10/2025 19:00 – 26/10/2025 07:00 (Europe/London, 13 h)" in text
    assert "team Control room" in text
    assert main([*argv, "--identifiable", "--reason", "review"]) == 1
    assert "supervisor" in capsys.readouterr().err
