"""Sync speed against a SQLite hub and a PostgreSQL hub, each beside a raw bulk insert of the same rows.

    python benchmarks/sync.py                       # both hubs, full scale (200k persons, 1M contacts)
    python benchmarks/sync.py --hub sqlite --persons 20000 --contacts 100000

PostgreSQL uses PGHOST/PGPORT/PGUSER/PGPASSWORD (a scratch database is created and dropped).
Targets: push+pull of 10,000 new contacts < 5 s; first sync of a new desk from the large hub < 60 s;
idle sync < 100 ms. Prints a table, each figure beside a raw bulk insert of the same rows timed in
the same run (into the hub tables for push, into an empty desk for pull and the first sync); asserts
nothing beyond the first sync having pulled every row and passed the integrity check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from triage_desk.domain.ids import new_id
from triage_desk.storage import synced_writes as w
from triage_desk.storage.canonical import canonical_json, row_payload
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, Person
from triage_desk.sync import local_apply, rawsql
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.hub_admin import init_hub
from triage_desk.sync.hub_apply import identity_hash
from triage_desk.sync.hub_schema import change_log, records

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def pg_admin() -> str:
    e = os.environ
    return (
        f"host={e.get('PGHOST', '127.0.0.1')} port={e.get('PGPORT', '5432')} "
        f"user={e.get('PGUSER', 'triage_test')} "
        f"password={e.get('PGPASSWORD', 'triage_test')} dbname=postgres"
    )


def new_hub(kind: str, root: Path, name: str) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{root}/{name}.db"
    else:
        db = f"triage_bench_{name}_{os.getpid()}"
        with psycopg.connect(pg_admin(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
            conn.execute(f'CREATE DATABASE "{db}"')
        e = os.environ
        url = (
            f"postgresql+psycopg://{e.get('PGUSER', 'triage_test')}:{e.get('PGPASSWORD', 'triage_test')}@"
            f"{e.get('PGHOST', '127.0.0.1')}:{e.get('PGPORT', '5432')}/{db}"
        )
    init_hub(url)
    return url


def drop_pg(url: str) -> None:
    if url.startswith("postgresql"):
        with psycopg.connect(pg_admin(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def person_row(i: int, site: str) -> dict:
    return row_payload(
        Person.__table__,
        {
            "id": new_id(),
            "version": 1,
            "origin_site": site,
            "created_at": NOW,
            "updated_at": NOW,
            "deleted": False,
            "legal_hold": False,
            "given_name": f"Given{i}",
            "family_name": f"Family{i % 5000}",
            "postcode": "LS1 4AP",
            "given_norm": f"given{i}",
            "family_norm": f"family{i % 5000}",
            "given_phonetic": "",
            "family_phonetic": "",
            "postcode_norm": "ls14ap",
            "phone_norm": "",
        },
    )


def contact_row(i: int, site: str, person_id: str) -> dict:
    return row_payload(
        Contact.__table__,
        {
            "id": new_id(),
            "origin_site": site,
            "form_id": "phone_consult",
            "form_version": "1",
            "status": "signed",
            "person_id": person_id,
            "answers": {"concern": "low mood", "n": i},
            "triage_code": "C",
            "created_at": NOW,
            "updated_at": NOW,
            "signed_at": NOW,
            "content_hash": "x" * 64,
        },
    )


def hub_rows(rows: list[tuple[str, dict]], start_seq: int) -> tuple[list[dict], list[dict]]:
    recs, log = [], []
    for n, (table, row) in enumerate(rows, start=start_seq + 1):
        recs.append(
            {
                "table_name": table,
                "id": row["id"],
                "version": 1,
                "deleted": False,
                "seq": n,
                "origin_site": row["origin_site"],
                "content_hash": identity_hash(row),
                "payload": canonical_json(row),
            }
        )
        log.append(
            {
                "seq": n,
                "table_name": table,
                "record_id": row["id"],
                "version": 1,
                "op": "insert",
                "mutation_id": new_id(),
                "origin_site": row["origin_site"],
                "received_at": NOW,
            }
        )
    return recs, log


def bulk_load(url: str, rows: list[tuple[str, dict]], start_seq: int = 0) -> float:
    """Baseline for push (and the hub seeding): the same rows written straight into the hub tables
    through the fastest path (PostgreSQL COPY / SQLite executemany), no sync logic at all. The time
    covers building the hub rows (canonical JSON, content hash) and writing them."""
    hub = HubConnection.open(url)
    t = time.perf_counter()
    with hub.engine.connect().execution_options(hub_write=True) as conn:
        for i in range(0, len(rows), 50_000):
            recs, log = hub_rows(rows[i : i + 50_000], start_seq + i)
            with conn.begin():
                rawsql.insert_rows(conn, records, recs)
                rawsql.insert_rows(conn, change_log, log)
    elapsed = time.perf_counter() - t
    hub.close()
    return elapsed


def desk_baseline(root: Path, name: str, rows: list[tuple[str, dict]]) -> float:
    """Baseline for pull: the same rows, as canonical JSON text like the hub holds them, inserted into
    an empty desk (indexes in place) with one driver executemany per table and page, no sync logic."""
    db = Database.open(root / f"{name}.db")
    texts = [(table, canonical_json(row)) for table, row in rows]
    t = time.perf_counter()
    with db.engine.connect() as conn:
        driver = conn.connection.driver_connection
        for i in range(0, len(texts), 5000):
            by_table: dict[str, list] = {}
            for table, text in texts[i : i + 5000]:
                by_table.setdefault(table, []).append(local_apply._writer(table).row(json.loads(text)))
            for table in ("persons", "contacts"):
                if table in by_table:
                    driver.executemany(local_apply._writer(table).sql, by_table[table])
            driver.commit()
    elapsed = time.perf_counter() - t
    db.close()
    return elapsed


def bench_10k(kind: str, root: Path, n: int) -> list[tuple[str, float, str]]:
    url = new_hub(kind, root, "push")
    a, b = Database.open(root / f"{kind}-a.db"), Database.open(root / f"{kind}-b.db")
    with a.session() as s:
        pid = w.create_person(s, a.site_id, given_name="Ann").id
        for i in range(n):
            c = Contact(
                id=new_id(),
                origin_site=a.site_id,
                form_id="phone_consult",
                form_version="1",
                person_id=pid,
                answers={"concern": "low mood", "n": i},
                triage_code="C",
            )
            s.add(c)
            s.flush()
            w.sign_contact(s, c.id, None)
    t = time.perf_counter()
    sync_once(a, url, integrity="never")
    push = time.perf_counter() - t
    t = time.perf_counter()
    sync_once(b, url, integrity="never")
    pull = time.perf_counter() - t
    idle = []
    sync_once(b, url)  # the integrity check after data moved
    for _ in range(7):
        t = time.perf_counter()
        sync_once(b, url)
        idle.append(time.perf_counter() - t)
    same = [("persons", {**person_row(0, a.site_id), "id": pid})]
    same += [("contacts", contact_row(i, a.site_id, pid)) for i in range(n)]
    baseline_url = new_hub(kind, root, "push_baseline")
    raw_hub = bulk_load(baseline_url, same)
    raw_desk = desk_baseline(root, f"{kind}-pull-baseline", same)
    a.close(), b.close()
    drop_pg(url), drop_pg(baseline_url)
    return [
        (f"push {n:,} contacts", push, f"raw hub insert {raw_hub:.3f} s"),
        (f"pull {n:,} contacts", pull, f"raw desk insert {raw_desk:.3f} s"),
        (f"push+pull {n:,} contacts", push + pull, f"raw {raw_hub + raw_desk:.3f} s; target < 5 s"),
        ("idle sync (median of 7)", statistics.median(idle), "raw: none; target < 0.1 s"),
    ]


def bench_first_sync(kind: str, root: Path, persons: int, contacts: int) -> list[tuple[str, float, str]]:
    url = new_hub(kind, root, "big")
    site = "bench"
    t = time.perf_counter()
    people = [person_row(i, site) for i in range(persons)]
    rows = [("persons", p) for p in people]
    rows += [("contacts", contact_row(i, site, people[i % persons]["id"])) for i in range(contacts)]
    print(f"    generated {len(rows):,} rows in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    raw_hub = bulk_load(url, rows)
    print(f"    hub seeded in {raw_hub:.1f} s", file=sys.stderr, flush=True)
    raw_desk = desk_baseline(root, f"{kind}-first-baseline", rows)
    print(f"    desk baseline {raw_desk:.1f} s", file=sys.stderr, flush=True)
    del rows, people
    desk = Database.open(root / f"{kind}-first.db")
    last = [0.0]

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        if p.phase == "pull" and time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            print(f"    first sync: {p.done:,}/{p.total:,} {p.message}", file=sys.stderr, flush=True)

    t = time.perf_counter()
    report = sync_once(desk, url, progress=progress, integrity="never")
    first = time.perf_counter() - t
    t = time.perf_counter()
    integrity = sync_once(desk, url, integrity="always")
    check = time.perf_counter() - t
    assert report.pulled == persons + contacts and integrity.integrity and integrity.integrity.ok
    idle = []
    for _ in range(7):
        t = time.perf_counter()
        sync_once(desk, url)
        idle.append(time.perf_counter() - t)
    desk.close()
    drop_pg(url)
    scale = f"{persons:,} persons + {contacts:,} contacts"
    return [
        (f"hub seeding ({scale})", raw_hub, "raw hub insert (fast path)"),
        ("first sync of a new desk", first, f"raw desk insert {raw_desk:.3f} s; target < 60 s"),
        ("integrity check (full, after first sync)", check, ""),
        ("first sync + integrity check", first + check, ""),
        ("idle sync on the large desk (median of 7)", statistics.median(idle), "target < 0.1 s"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hub", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--persons", type=int, default=200_000)
    ap.add_argument("--contacts", type=int, default=1_000_000)
    ap.add_argument("--new-contacts", type=int, default=10_000)
    ap.add_argument("--skip-first-sync", action="store_true", help="only the 10,000-contact and idle figures")
    args = ap.parse_args()
    kinds = ["sqlite", "postgres"] if args.hub == "both" else [args.hub]
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            root = Path(tmp) / kind
            root.mkdir()
            results = bench_10k(kind, root, args.new_contacts)
            if not args.skip_first_sync:
                results += bench_first_sync(kind, root, args.persons, args.contacts)
            print(f"\n{kind} hub")
            for label, seconds, note in results:
                print(f"  {label:48}{seconds:>9.3f} s   {note}")


if __name__ == "__main__":
    main()
