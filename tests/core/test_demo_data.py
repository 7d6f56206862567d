"""Demo data: what someone loading it for a demo or a benchmark would notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from triage_desk.cli.main import main
from triage_desk.domain import nhs_number
from triage_desk.domain.errors import ValidationError
from triage_desk.lookup.keys import name_key, phone_key, phonetic_key, postcode_key
from triage_desk.platform.paths import resolve_paths
from triage_desk.services.demo_data import (
    DRAFT_WINDOW_DAYS,
    NICKNAMES_FEMALE,
    NICKNAMES_MALE,
    generate_demo_data,
)
from triage_desk.storage.database import Database
from triage_desk.storage.models import Person

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
TABLES = ("users", "persons", "person_aliases", "safety_warnings", "response_plans", "contacts")


def load(persons: int = 300, contacts: int = 1200, seed: int = 3, **kwargs) -> Database:
    db = Database.open(None)
    generate_demo_data(db, persons=persons, contacts=contacts, seed=seed, now=NOW, **kwargs)
    return db


def rows(db: Database, sql: str) -> list[dict]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql))]


def dump(db: Database) -> dict[str, list[dict]]:
    """Every demo table in id order, without origin_site (each install has its own site id)."""
    out = {}
    for table in TABLES:
        out[table] = [
            {k: v for k, v in row.items() if k != "origin_site"}
            for row in rows(db, f"SELECT * FROM {table} ORDER BY id")
        ]
    return out


def parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def demo() -> Database:
    db = load()
    yield db
    db.close()


def count(db: Database, table: str) -> int:
    return rows(db, f"SELECT count(*) AS n FROM {table}")[0]["n"]


def test_counts_match_what_was_asked(demo: Database) -> None:
    assert count(demo, "persons") == 300
    assert count(demo, "contacts") == 1200
    assert 5 <= count(demo, "users") <= 20
    assert count(demo, "safety_warnings") > 0
    assert count(demo, "response_plans") > 0


def test_summary_reports_what_was_written() -> None:
    db = Database.open(None)
    summary = generate_demo_data(db, persons=120, contacts=400, seed=9, now=NOW)
    assert (summary.persons, summary.contacts, summary.cancelled) == (120, 400, False)
    assert summary.aliases == count(db, "person_aliases")
    assert summary.safety_warnings == count(db, "safety_warnings")
    assert summary.response_plans == count(db, "response_plans")
    assert summary.users == count(db, "users")
    assert summary.seconds >= 0


def test_marks_database_as_demo_and_queues_nothing_for_sync(demo: Database) -> None:
    assert demo.is_demo
    assert count(demo, "outbox") == 0
    sites = {r["origin_site"] for r in rows(demo, "SELECT DISTINCT origin_site FROM contacts")}
    assert sites == {demo.site_id}


def test_same_seed_gives_identical_rows_including_ids(demo: Database) -> None:
    again = load()
    try:
        assert dump(again) == dump(demo)
    finally:
        again.close()


def test_different_seed_gives_different_data(demo: Database) -> None:
    other = load(seed=4)
    try:
        mine, theirs = dump(demo), dump(other)
        assert {r["id"] for r in mine["persons"]}.isdisjoint({r["id"] for r in theirs["persons"]})
        names = lambda d: [(r["given_name"], r["family_name"]) for r in d["persons"]]  # noqa: E731
        assert names(mine) != names(theirs)
    finally:
        other.close()


def test_ids_are_uuid7_shaped(demo: Database) -> None:
    for row in rows(demo, "SELECT id FROM persons UNION ALL SELECT id FROM contacts"):
        value = row["id"]
        assert len(value) == 36 and value[14] == "7" and value[19] in "89ab"


def test_nhs_numbers_are_valid_unique_and_sometimes_missing(demo: Database) -> None:
    numbers = [r["nhs_number"] for r in rows(demo, "SELECT nhs_number FROM persons")]
    present = [n for n in numbers if n is not None]
    assert all(nhs_number.is_valid(n) for n in present)
    assert len(set(present)) == len(present)
    assert 0.05 < (len(numbers) - len(present)) / len(numbers) < 0.30


def test_contact_timings_are_ordered_and_never_in_the_future(demo: Database) -> None:
    contacts = rows(demo, "SELECT * FROM contacts")
    for c in contacts:
        times = [
            parse(c[k])
            for k in ("call_received_at", "mhp_involved_at", "advice_given_at", "closed_at", "signed_at")
        ]
        present = [t for t in times if t is not None]
        assert present == sorted(present), c["id"]
        assert times[0] is not None and times[1] is not None
        assert present[-1] <= NOW
        assert NOW - times[0] <= timedelta(days=5 * 366)
        if c["status"] == "signed":
            assert c["signed_by"] and c["signed_at"] and c["closed_at"]
        else:
            assert c["status"] == "draft" and c["signed_at"] is None
            assert NOW - times[0] <= timedelta(days=DRAFT_WINDOW_DAYS)
    assert sum(c["status"] == "signed" for c in contacts) / len(contacts) > 0.95


def test_contacts_carry_coded_answers(demo: Database) -> None:
    import json

    for c in rows(demo, "SELECT * FROM contacts LIMIT 50"):
        answers = json.loads(c["answers"])
        assert answers["triage_code"] == c["triage_code"] and c["triage_code"] in "ABCDEFG"
        assert answers["outcome_code"] == c["outcome_code"]
        assert answers["presenting_concerns"]
        assert c["form_id"] == "triage-contact" and c["form_version"] == "1"
        assert c["guidance"] is None


def test_a_few_persons_have_many_contacts_most_have_few(demo: Database) -> None:
    per_person = [
        r["n"]
        for r in rows(
            demo, "SELECT count(*) AS n FROM contacts WHERE person_id IS NOT NULL GROUP BY person_id"
        )
    ]
    assert sum(n <= 3 for n in per_person) / len(per_person) > 0.6
    assert max(per_person) >= 15


def test_some_aliases_are_nicknames_of_the_persons_name(demo: Database) -> None:
    pairs = rows(
        demo,
        "SELECT p.given_name AS formal, a.given_name AS nick FROM person_aliases a "
        "JOIN persons p ON p.id = a.person_id WHERE a.kind = 'nickname'",
    )
    nicknames = NICKNAMES_MALE | NICKNAMES_FEMALE
    assert pairs
    assert all(p["nick"] in nicknames[p["formal"]] for p in pairs)
    kinds = {r["kind"] for r in rows(demo, "SELECT DISTINCT kind FROM person_aliases")}
    assert {"nickname", "alias", "previous"} <= kinds


def test_search_keys_match_the_lookup_functions(demo: Database) -> None:
    for p in rows(demo, "SELECT * FROM persons LIMIT 100"):
        assert p["family_norm"] == name_key(p["family_name"])
        assert p["given_phonetic"] == phonetic_key(p["given_name"])
        assert p["postcode_norm"] == (postcode_key(p["postcode"]) if p["postcode"] else "")
        assert p["phone_norm"] == (phone_key(p["phone"]) if p["phone"] else "")
        assert p["external_ref"] is None


def test_approved_response_plans_were_approved_by_someone_else(demo: Database) -> None:
    plans = rows(demo, "SELECT * FROM response_plans")
    approved = [p for p in plans if p["approved_by"]]
    assert approved
    for plan in approved:
        assert plan["approved_by"] != plan["authored_by"]
        assert parse(plan["approved_at"]) >= parse(plan["created_at"])


def test_demo_users_cannot_sign_in(demo: Database) -> None:
    assert all(u["password_hash"] is None for u in rows(demo, "SELECT password_hash FROM users"))


def test_refuses_a_database_with_real_records() -> None:
    db = Database.open(None)
    with db.session() as s:
        s.add(Person(id="real-person", origin_site=db.site_id, given_name="Ann", family_name="Real"))
    with pytest.raises(ValidationError, match="real persons"):
        generate_demo_data(db, persons=10, contacts=10, seed=1, now=NOW)
    assert count(db, "persons") == 1 and count(db, "contacts") == 0
    assert not db.is_demo


def test_adding_more_demo_data_needs_a_new_seed(demo: Database) -> None:
    db = load(persons=80, contacts=200, seed=5)
    with pytest.raises(ValidationError, match="seed 5"):
        generate_demo_data(db, persons=80, contacts=200, seed=5, now=NOW)
    generate_demo_data(db, persons=80, contacts=200, seed=6, now=NOW)
    assert count(db, "persons") == 160
    numbers = [r["nhs_number"] for r in rows(db, "SELECT nhs_number FROM persons")]
    numbers = [n for n in numbers if n is not None]
    assert len(numbers) == len(set(numbers))


def test_cancelling_stops_between_chunks() -> None:
    db = Database.open(None)
    stages: list[str] = []
    summary = generate_demo_data(
        db,
        persons=50,
        contacts=100,
        seed=1,
        now=NOW,
        progress=lambda stage, done, total: stages.append(stage),
        cancelled=lambda: True,
    )
    assert summary.cancelled and summary.contacts == 0
    assert count(db, "contacts") == 0 and db.is_demo
    assert "contacts" not in stages


def test_cli_end_to_end(tmp_path, capsys) -> None:
    argv = ["--data-dir", str(tmp_path), "demo-data", "--persons", "200", "--contacts", "800", "--seed", "3"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "persons" in out and "800" in out
    assert "contacts 800/800 (100%)" in err
    db = Database.open(resolve_paths(tmp_path).database)
    try:
        assert db.meta("demo_data") == "1"
        assert count(db, "persons") == 200 and count(db, "contacts") == 800
    finally:
        db.close()
    # The same seed again is refused with a one-line reason, not a traceback.
    assert main(argv) == 1
    assert "seed 3" in capsys.readouterr().err


def test_demo_database_gets_one_sign_in_account_per_role(tmp_path) -> None:
    from triage_desk.services.app import open_app

    app = open_app(tmp_path)
    try:
        app.load_demo_data(persons=20, contacts=40, seed=2)
        for username, role, password in app.demo_accounts():
            principal = app.auth.sign_in(username, password)
            assert principal.role == role
    finally:
        app.close()


def test_a_demo_databases_shift_summary_has_s136_rows(demo: Database) -> None:
    from triage_desk.reports.periods import custom
    from triage_desk.services.report_service import ReportService

    five_years = custom(datetime(2021, 1, 1, tzinfo=UTC), NOW, "Everything")
    summary = ReportService(demo).summary(five_years, generated_by="x")
    assert summary.is_demo
    assert summary.adr.detentions > 0
    assert summary.s136.used > 0 and summary.s136.considered > summary.s136.used
    for key in ("age_band", "gender", "ethnicity_officer", "ethnicity_self", "place_of_safety", "vehicle"):
        assert summary.adr.section(key).total == summary.adr.detentions, key
    assert summary.timing("s136_handover").n > 0


def test_a_demo_summary_counts_police_deployments_avoided(demo: Database) -> None:
    """Each demo contact recommends a police action that follows from its RCRP decision, so the
    commissioners' figure is not an unexplained zero in a demonstration."""
    from triage_desk.reports.periods import custom
    from triage_desk.services.report_service import ReportService

    everything = custom(datetime(2021, 1, 1, tzinfo=UTC), NOW, "All")
    summary = ReportService(demo).summary(everything, generated_by="x")
    assert 0 < summary.police_deployments_avoided < summary.contacts
