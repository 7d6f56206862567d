"""The access log is hash-chained: edits, deletions and reordering behind the app's back are found."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from triage_desk.cli import main
from triage_desk.domain.errors import PurposeRequiredError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.audit import PERSON, AuditAction, AuditService, require_purpose
from triage_desk.storage import audit_log
from triage_desk.storage.database import Database


def _write_views(audit: AuditService, who: Principal, n: int) -> None:
    purpose = require_purpose("INC-2026-0301-117", None)
    for i in range(n):
        audit.record(who, AuditAction.VIEW_PERSON, PERSON, f"person-{i}", purpose, {"screen": "timeline"})


def _verify(db: Database) -> audit_log.VerifyReport:
    with db.reader() as s:
        return audit_log.verify(s)


def _sql(db: Database, statement: str, *params: object) -> None:
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        conn.execute(statement, params)


@pytest.fixture
def chain(db: Database, audit: AuditService, people: dict[Role, Principal]) -> Database:
    _write_views(audit, people[Role.CLINICIAN], 10)
    report = _verify(db)
    assert report.intact, report.problems
    return db


def _seq_of(db: Database, record_id: str) -> int:
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        return conn.execute("SELECT seq FROM audit_events WHERE record_id = ?", (record_id,)).fetchone()[0]


def test_chain_links_each_event_to_the_previous(chain: Database) -> None:
    with chain.reader() as s:
        events = sorted(s.query(audit_log.AuditEvent).all(), key=lambda e: e.seq)
    assert events[0].prev_hash == "0" * 64
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))


def test_an_edited_detail_is_reported_at_its_seq(chain: Database) -> None:
    seq = _seq_of(chain, "person-4")
    _sql(chain, "UPDATE audit_events SET detail = '{\"screen\": \"nothing to see\"}' WHERE seq = ?", seq)
    report = _verify(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [("edited", seq)]
    assert f"event seq {seq} on desk {chain.site_id} was edited: stored hash ≠ recomputed" in \
        report.problems[0].message


def test_a_deleted_event_is_reported_between_its_neighbours(chain: Database) -> None:
    seq = _seq_of(chain, "person-4")
    _sql(chain, "DELETE FROM audit_events WHERE seq = ?", seq)
    report = _verify(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [("missing", seq)]
    assert f"seq {seq} missing between {seq - 1} and {seq + 1}" in report.problems[0].message


def test_swapped_events_are_reported_as_reordered(chain: Database) -> None:
    a, b = _seq_of(chain, "person-4"), _seq_of(chain, "person-5")
    _sql(chain, "UPDATE audit_events SET seq = -1 WHERE seq = ?", a)
    _sql(chain, "UPDATE audit_events SET seq = ? WHERE seq = ?", a, b)
    _sql(chain, "UPDATE audit_events SET seq = ? WHERE seq = -1", b)
    report = _verify(chain)
    assert sorted((p.kind, p.seq) for p in report.problems) == [("reordered", a), ("reordered", b)]
    assert any(f"order broken at seq {a}" in p.message and f"written as seq {b}" in p.message
               for p in report.problems)


def test_a_rewritten_event_with_a_fresh_hash_breaks_the_link_to_the_next(chain: Database) -> None:
    """Someone who knows the recipe can rehash one row, but not without breaking its successor."""
    seq = _seq_of(chain, "person-4")
    with chain.session() as s:
        event = s.query(audit_log.AuditEvent).filter_by(seq=seq).one()
        event.purpose = "made up"
        event.hash = audit_log._recompute(event)
    report = _verify(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [("chain_broken", seq + 1)]


def test_cutting_off_the_newest_events_is_noticed(chain: Database) -> None:
    _sql(chain, "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    report = _verify(chain)
    assert [p.kind for p in report.problems] == ["truncated"]


def test_chains_of_other_desks_are_verified_separately(chain: Database) -> None:
    # Events synced from another desk interleave in time but form their own chain.
    with chain.session() as s:
        for i in range(3):
            audit_log.append(s, origin_site="deskB", action="view_person", occurred_at=datetime.now(UTC),
                             username="bob", record_type=PERSON, record_id=f"b-{i}", purpose="reason")
    assert _verify(chain).intact
    _sql(chain, "UPDATE audit_events SET username = 'alice' WHERE origin_site = 'deskB' AND seq = 2")
    report = _verify(chain)
    assert [(p.site, p.seq, p.kind) for p in report.problems] == [("deskB", 2, "edited")]


def test_bad_input_round_trips_and_hashes_stably(db: Database, audit: AuditService,
                                                  people: dict[Role, Principal]) -> None:
    nasty = "Robert'); DROP TABLE persons;-- \u202eevil\u202c 🙂 \x07\x1b[31m " + "x" * 5000
    audit.record(people[Role.CLINICIAN], AuditAction.OPEN_RECORD, PERSON, "p-1",
                 require_purpose(None, "welfare check"), {"note": nasty})
    with db.reader() as s:
        stored = audit_log.events_for_record(s, PERSON, "p-1")[0]
    assert stored.detail == {"note": nasty}
    assert _verify(db).intact


def test_lookup_without_a_purpose_is_refused(audit: AuditService, people: dict[Role, Principal]) -> None:
    with pytest.raises(PurposeRequiredError, match="incident reference or a reason"):
        require_purpose("  ", None)
    with pytest.raises(PurposeRequiredError):
        audit.record(people[Role.CLINICIAN], AuditAction.SEARCH, PERSON, None, None)
    assert require_purpose("INC-1", "concern for welfare").text == "incident INC-1; concern for welfare"


def test_who_accessed_a_person(audit: AuditService, people: dict[Role, Principal]) -> None:
    cal = people[Role.CLINICIAN]
    audit.record(cal, AuditAction.VIEW_PERSON, PERSON, "p-9", require_purpose("INC-9", None))
    audit.record(cal, AuditAction.VIEW_PERSON, PERSON, "p-other", require_purpose("X", None))
    entries = audit.who_accessed(people[Role.SUPERVISOR], "p-9")
    assert [(e.username, e.action, e.purpose, e.desk) for e in entries] == [
        ("cal", "view_person", "incident INC-9", "this desk")]
    # The review itself is recorded against the person.
    again = audit.who_accessed(people[Role.SUPERVISOR], "p-9")
    assert [(e.username, e.action) for e in again][-1] == ("sam", "audit_reviewed")


# --- command line --------------------------------------------------------------------------------

@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    init = ["--data-dir", str(tmp_path), "init", "--admin-user", "root", "--admin-name", "Rosa Root"]
    assert main(init) == 0
    monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", "clinician password")
    assert main(["--data-dir", str(tmp_path), "--user", "root", "users", "add", "nina", "--role", "clinician",
                 "--display-name", "Nina Nurse"]) == 0
    return tmp_path


def test_cli_audit_verify_exits_0_when_intact_and_1_with_the_place(desk: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(desk), "--user", "root", "audit", "verify"]) == 0
    assert "Audit log intact" in capsys.readouterr().out
    with sqlite3.connect(desk / "triage-desk.db") as conn:
        conn.execute("UPDATE audit_events SET action = 'sign_out' WHERE seq = 2")
        conn.execute("DELETE FROM audit_events WHERE seq = 4")
    assert main(["--data-dir", str(desk), "--user", "root", "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "event seq 2 on desk" in err and "was edited" in err
    assert "seq 4 missing between 3 and 5" in err


def test_cli_audit_show_is_for_supervisors_and_admins(desk: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ["--data-dir", str(desk), "audit", "show", "--person", "p-1"]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "clinician password")
    assert main(["--user", "nina", *args]) == 1
    assert "Reviewing who accessed a record needs the supervisor or admin role" in capsys.readouterr().err
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main(["--user", "root", *args, "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_cli_commands_that_need_a_user_say_so(desk: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(desk), "audit", "verify"]) == 1
    assert "needs you to sign in" in capsys.readouterr().err


def test_reads_logged_from_several_threads_at_once_all_land_in_one_chain(db: Database,
                                                                       audit: AuditService) -> None:
    # The GUI logs searches and views from several worker threads; none may be lost or collide.
    purpose = require_purpose("INC-7", None)
    failures: list[BaseException] = []

    def view_many(worker: int) -> None:
        for i in range(25):
            try:
                with db.session() as s:
                    audit_log.count(s)  # a read first, as person_detail does before logging
                    audit.record_in(s, None, AuditAction.VIEW_PERSON, PERSON, f"p-{worker}-{i}", purpose)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                failures.append(exc)

    threads = [threading.Thread(target=view_many, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with db.reader() as s:
        assert audit_log.count(s) == 100
    assert _verify(db).intact
