"""Exports: nothing identifying by default, DEMO DATA marked, supervisors only, every one audited."""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.core.reports.conftest import NewDatabase
from tests.core.reports.known_data import SECRETS, build
from triage_desk.domain.errors import PermissionDeniedError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.reports.contact_rows import ExportCancelledError
from triage_desk.reports.periods import Period, custom, night_shift
from triage_desk.services.report_service import ReportService
from triage_desk.storage.database import Database
from triage_desk.storage.models import AuditEvent, Person

NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)
SAM = Principal("u-sam", "sam", "Sam Supervisor", Role.SUPERVISOR, NOW)
ADA = Principal("u-ada", "ada", "Ada Admin", Role.ADMIN, NOW)
CAL = Principal("u-cal", "cal", "Cal Clinician", Role.CLINICIAN, NOW)
# The whole fixture: both nights and everything around them.
EVERYTHING = custom(datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), "All")


def all_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:  # every sheet and the shared strings, as raw XML
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return path.read_text(encoding="utf-8-sig")


def export_events(db: Database, record_type: str = "shift_summary") -> list[AuditEvent]:
    """The export events of whole files (``"person"``: the one per person in an identifiable file)."""
    with db.reader() as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "export",
                                                       AuditEvent.record_type == record_type)
                              .order_by(AuditEvent.seq)).scalars())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_default_export_holds_no_identifier(tmp_path: Path, fmt: str) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    files = service.export(fmt, tmp_path / f"shift.{fmt}", EVERYTHING, principal=SAM)
    text = "\n".join(all_text(f) for f in files)
    assert known.ids["c1"] in text  # the rows are there...
    for secret in SECRETS:  # ...but no name, NHS number, postcode, phone, address, log number, free text
        assert secret not in text
    assert "Pseudonymised" in text and "Sam Supervisor" in text


def test_csv_has_one_row_per_contact_with_a_stable_person_key(tmp_path: Path, report_db: NewDatabase) -> None:
    known = build(db=report_db())  # on SQLite and PostgreSQL: the rows stream from either
    service = ReportService(known.db, clock=lambda: NOW)
    contacts, summary = service.export("csv", tmp_path / "s.csv", EVERYTHING, principal=SAM)
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
    again, _ = service.export("csv", tmp_path / "t.csv", EVERYTHING, principal=SAM)
    assert by_id[known.ids["c1"]]["person_key"] not in again.read_text(encoding="utf-8-sig")


def test_demo_database_says_so_first(tmp_path: Path) -> None:
    known = build(demo=True)
    service = ReportService(known.db, clock=lambda: NOW)
    for path in service.export("csv", tmp_path / "d.csv", EVERYTHING, principal=SAM):
        assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("# DEMO DATA")
    [xlsx] = service.export("xlsx", tmp_path / "d.xlsx", EVERYTHING, principal=SAM)
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames[0] == "DEMO DATA"
    assert book["Summary"]["A1"].value.startswith("DEMO DATA")
    assert {"Summary", "s136 ADR", "Data quality", "Contacts"} <= set(book.sheetnames)
    book = load_workbook(xlsx)  # page headers need the full reader
    for sheet in book.worksheets[1:]:  # printed on its own, each sheet still says DEMO DATA
        assert "DEMO DATA" in sheet.oddHeader.center.text, sheet.title


def test_a_clinician_cannot_export_and_nothing_is_written_or_recorded(tmp_path: Path) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    with pytest.raises(PermissionDeniedError, match="supervisor or admin role; you are signed in as cal"):
        service.export("csv", tmp_path / "c.csv", EVERYTHING, principal=CAL)
    with pytest.raises(PermissionDeniedError, match="Exporting identifiable records"):
        service.export_identifiable("csv", tmp_path / "c.csv", EVERYTHING, principal=CAL, reason="review")
    assert list(tmp_path.iterdir()) == [] and export_events(known.db) == []


def test_a_pseudonymised_export_is_recorded_without_identifiers(tmp_path: Path) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    night: Period = night_shift(date(2025, 10, 25))
    service.export("xlsx", tmp_path / "n.xlsx", night, principal=SAM)
    [event] = export_events(known.db)
    assert (event.username, event.user_id, event.record_type) == ("sam", "u-sam", "shift_summary")
    assert event.detail == {
        "format": "xlsx", "period": "Night shift 25/10/2025", "period_start": "2025-10-25T18:00:00+00:00",
        "period_end": "2025-10-26T07:00:00+00:00", "filter": "all teams", "rows": 5,
        "identifiable": False, "demo": False,
    }
    assert "pseudonymised" in event.purpose
    recorded = f"{event.purpose} {event.detail}"
    assert not any(secret in recorded for secret in SECRETS) and str(tmp_path) not in recorded


def test_identifiable_export_needs_a_supervisor_and_a_reason_and_is_audited(tmp_path: Path) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    night: Period = night_shift(date(2025, 10, 25))
    with pytest.raises(ValidationError, match="needs a reason"):
        service.export_identifiable("csv", tmp_path / "i.csv", night, principal=ADA, reason="  ")
    assert export_events(known.db) == [] and not (tmp_path / "i.csv").exists()

    files = service.export_identifiable(
        "xlsx", tmp_path / "i.xlsx", night, principal=SAM, reason=" Serious incident review 42 ")
    [event] = export_events(known.db)
    per_person = export_events(known.db, "person")
    assert event.purpose == "Serious incident review 42"
    # Each person whose identity is in the file gets an export event of their own, so "who has
    # looked at this person" lists the export; same reason, no identifiers in the detail.
    text = all_text(files[0])
    with known.db.reader() as s:
        in_file = {pid for pid in s.scalars(select(Person.id)) if pid in text}
    assert in_file and {e.record_id for e in per_person} == in_file
    assert all(e.record_type == "person" and e.purpose == "Serious incident review 42"
               for e in per_person)
    assert (event.username, event.detail["identifiable"], event.detail["rows"]) == ("sam", True, 5)
    text = all_text(files[0])
    assert "Quixotically" in text and "9990012345" in text and "IDENTIFIABLE" in text
    assert "Quixotically" not in str(event.detail)


def test_pdf_export_is_checked_and_recorded_too(tmp_path: Path) -> None:
    known = build()
    service = ReportService(known.db, clock=lambda: NOW)
    night = night_shift(date(2025, 10, 25))
    drawn: list[str] = []

    def render(summary, path):  # type: ignore[no-untyped-def]
        drawn.append(summary.generated_by)
        return path

    with pytest.raises(PermissionDeniedError):
        service.export_pdf(tmp_path / "s.pdf", night, principal=CAL, render=render)
    assert service.export_pdf(tmp_path / "s.pdf", night, principal=ADA, render=render) == tmp_path / "s.pdf"
    assert drawn == ["Ada Admin"]
    [event] = export_events(known.db)
    assert (event.username, event.detail["format"], event.detail["rows"]) == ("ada", "pdf", 5)


def test_cancelled_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        report_db: NewDatabase) -> None:
    import triage_desk.reports.contact_rows as contact_rows

    monkeypatch.setattr(contact_rows, "PAGE", 2)
    known = build(db=report_db())
    service = ReportService(known.db, clock=lambda: NOW)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelledError):
        service.export("xlsx", tmp_path / "c.xlsx", EVERYTHING, principal=SAM,
                       progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2)
    assert seen[:2] == [(2, 13), (4, 13)]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk with the known records and one account per role (clinician, supervisor, admin)."""
    from triage_desk.cli.main import main
    from triage_desk.services.app import open_app

    data = tmp_path / "data"
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main(["--data-dir", str(data), "init", "--admin-user", "ada", "--admin-name", "Ada Admin"]) == 0
    for name, role in (("sam", "supervisor"), ("cal", "clinician")):
        monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", f"{name} password 1")
        assert main(["--data-dir", str(data), "--user", "ada", "users", "add", name, "--role", role,
                     "--display-name", f"{name.title()} Tester"]) == 0
    app = open_app(data)
    build(db=app.db)
    app.close()
    return data


def _as(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    password = "admin password 1" if name == "ada" else f"{name} password 1"
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", password)
    return ["--user", name]


def test_cli_export_needs_a_signed_in_supervisor_or_admin(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from triage_desk.cli.main import main

    out = tmp_path / "n.csv"
    argv = ["--data-dir", str(desk), "export", "shift", "--from", "2025-10-25T19:00", "--to",
            "2025-10-26T07:00", "--team", "Control room", "--format", "csv", "--out", str(out)]
    assert main(argv) == 1
    assert "needs you to sign in" in capsys.readouterr().err
    assert main([*_as(monkeypatch, "cal"), *argv]) == 1
    err = capsys.readouterr().err
    assert "Exporting records needs the supervisor or admin role" in err and "cal (clinician)" in err
    assert not out.exists()

    assert main([*_as(monkeypatch, "sam"), *argv]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Night" not in text.splitlines()[0]
    assert "25/10/2025 19:00 – 26/10/2025 07:00 (Europe/London, 13 h)" in text
    assert "team Control room" in text and "Generated by Sam Tester" in text
    assert "Zebedee" not in text

    assert main([*_as(monkeypatch, "ada"), *argv, "--identifiable"]) == 1
    assert "needs a reason" in capsys.readouterr().err
    assert main([*_as(monkeypatch, "cal"), *argv, "--identifiable", "--reason", "review"]) == 1
    assert "Exporting identifiable records" in capsys.readouterr().err
    assert main([*_as(monkeypatch, "ada"), *argv, "--identifiable", "--reason", "SI review 7"]) == 0
    assert "Zebedee" in out.read_text(encoding="utf-8-sig")

    from triage_desk.storage.database import Database as Db

    db = Db.open(desk / "triage-desk.db")
    try:
        events = export_events(db)
    finally:
        db.close()
    assert [(e.username, e.detail["identifiable"], e.purpose) for e in events] == [
        ("sam", False, events[0].purpose), ("ada", True, "SI review 7")]
    assert main([*_as(monkeypatch, "sam"), "--data-dir", str(desk), "audit", "verify"]) == 0
    assert "Audit log intact" in capsys.readouterr().out
