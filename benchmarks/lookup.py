"""Person lookup: latency and memory at force scale, and match quality on seeded corrupted duplicates.

    .venv/bin/python benchmarks/lookup.py --db /tmp/bench200k          # builds it first if missing
    .venv/bin/python benchmarks/lookup.py --db /tmp/bench200k --queries 1000 --quality 1000

Speed: realistic partial queries (what a call handler passes on) built from a seeded sample of
persons, each run through ``LookupService.search``; beside it, in the same run, the raw indexed SQL
a single block needs (family name equality, phonetic equality) so the table shows what the Python
on top costs, including the access-audit event every search writes (signed in as the demo
clinician the demo data creates). Quality: corrupted duplicates of existing persons (recall of the
true person in the top 5) and fresh Faker people who are not in the database (share with no
"likely" candidate).
This is a script, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from faker import Faker

from triage_desk.lookup.keys import name_key, phonetic_key
from triage_desk.lookup.query import LookupQuery, build_query
from triage_desk.lookup.ranking import DEFAULT_LIMIT, LookupResult
from triage_desk.lookup.variants import default_variants
from triage_desk.platform.paths import resolve_paths
from triage_desk.services.app import open_app
from triage_desk.services.audit import require_purpose
from triage_desk.services.demo_accounts import create_demo_accounts

PERSONS, CONTACTS, SEED = 200_000, 1_000_000, 7
TARGET_P95_MS, TARGET_RECALL, TARGET_STRANGERS = 30.0, 0.98, 0.95
TODAY = date(2026, 3, 1)


@dataclass(frozen=True)
class Sampled:
    id: str
    given: str
    family: str
    dob: date | None
    postcode: str
    phone: str
    nhs: str


def ensure_database(data_dir: Path) -> Path:
    db = resolve_paths(data_dir).database
    if not db.exists():
        print(f"building {PERSONS:,} persons / {CONTACTS:,} contacts in {data_dir} (several minutes)...")
        cli = Path(sys.executable).with_name("triage-desk")
        subprocess.run(
            [str(cli), "demo-data", "--data-dir", str(data_dir), "--persons", str(PERSONS),
             "--contacts", str(CONTACTS), "--seed", str(SEED)],
            check=True,
        )
    return db


def sample_persons(path: Path, n: int, rng: random.Random) -> list[Sampled]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    total = con.execute("SELECT max(rowid) FROM persons").fetchone()[0]
    rowids = rng.sample(range(1, total + 1), min(n * 2, total))
    out: list[Sampled] = []
    for rowid in rowids:
        row = con.execute(
            "SELECT id, given_name, family_name, date_of_birth, postcode, phone, nhs_number FROM persons "
            "WHERE rowid = ? AND deleted = 0 AND merged_into_id IS NULL AND family_name != ''", (rowid,),
        ).fetchone()
        if row:
            dob = date.fromisoformat(row[3][:10]) if row[3] else None
            out.append(Sampled(row[0], row[1], row[2], dob, row[4] or "", row[5] or "", row[6] or ""))
        if len(out) == n:
            break
    con.close()
    return out


# ----- speed: realistic partial queries ----------------------------------------------------------
def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return name[:i] + name[i + 1:]
    if kind == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice("aeiou") + name[i + 1:]


def _dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def partial_queries(people: list[Sampled], rng: random.Random) -> list[tuple[str, LookupQuery]]:
    out: list[tuple[str, LookupQuery]] = []
    kinds = ("family only", "misspelt family + given", "name + DOB swapped", "postcode + age", "phone", "NHS")
    for i, p in enumerate(people):
        kind = kinds[i % len(kinds)]
        if kind == "family only":
            q = build_query(p.family, today=TODAY)
        elif kind == "misspelt family + given":
            q = build_query(f"{p.given.split()[0]} {_typo(rng, p.family)}", today=TODAY)
        elif kind == "name + DOB swapped" and p.dob and p.dob.day <= 12:
            q = build_query(f"{p.given.split()[0]} {p.family} {p.dob.month:02d}/{p.dob.day:02d}/{p.dob.year}",
                            today=TODAY)
        elif kind == "postcode + age" and p.postcode and p.dob:
            q = build_query(postcode=p.postcode, age=TODAY.year - p.dob.year, today=TODAY)
        elif kind == "phone" and p.phone:
            q = build_query(phone=p.phone, today=TODAY)
        elif kind == "NHS" and p.nhs:
            q = build_query(nhs=p.nhs, today=TODAY)
        else:
            kind = "family only"
            q = build_query(p.family, today=TODAY)
        out.append((kind, q))
    return out


def _percentiles(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))], ms[-1]


def time_calls(calls: list[Callable[[], object]]) -> list[float]:
    ms = []
    for call in calls:
        t = time.perf_counter()
        call()
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def raw_sql_calls(path: Path, people: list[Sampled]) -> list[Callable[[], object]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    calls: list[Callable[[], object]] = []
    for p in people:
        fam, ph = name_key(p.family), phonetic_key(p.family)
        calls.append(lambda fam=fam: con.execute(
            "SELECT id, given_name, family_name, date_of_birth FROM persons WHERE family_norm = ? LIMIT 200",
            (fam,)).fetchall())
        calls.append(lambda ph=ph: con.execute(
            "SELECT id, given_name, family_name, date_of_birth FROM persons "
            "WHERE family_phonetic = ? LIMIT 200",
            (ph,)).fetchall())
    return calls


def rss_mb() -> float:
    # ru_maxrss is the peak in KiB on Linux; /proc gives the current value.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----- quality -------------------------------------------------------------------------------------
CORRUPTIONS = ("typo", "swapped names", "DOB digit", "DOB day/month", "nickname", "missing DOB/postcode")


def corrupted(p: Sampled, kind: str, rng: random.Random) -> LookupQuery:
    given, family, dob, postcode = p.given.split()[0], p.family, p.dob, p.postcode
    name = f"{given} {family}"
    if kind == "typo":
        name = f"{given} {_typo(rng, family)}" if rng.random() < 0.7 else f"{_typo(rng, given)} {family}"
    elif kind == "swapped names":
        name = f"{family} {given}"
    elif kind == "DOB digit" and dob:
        for _ in range(20):
            text = list(_dmy(dob))
            i = rng.choice([0, 1, 3, 4, 8, 9])
            text[i] = str(rng.randrange(10))
            try:
                candidate = date(int("".join(text[6:])), int("".join(text[3:5])), int("".join(text[:2])))
            except ValueError:
                continue
            if candidate != dob:
                dob = candidate
                break
    elif kind == "DOB day/month" and dob and dob.day <= 12 and dob.day != dob.month:
        dob = date(dob.year, dob.day, dob.month)
    elif kind == "nickname":
        others = sorted(default_variants().variants_of(given) - {name_key(given)})
        if others:
            name = f"{rng.choice(others).title()} {family}"
    elif kind == "missing DOB/postcode":
        if rng.random() < 0.5:
            dob = None
        else:
            postcode = ""
    return build_query(name=name, dob=_dmy(dob) if dob else None, postcode=postcode or None, today=TODAY)


def strangers(n: int, seed: int) -> list[LookupQuery]:
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1000)
    out = []
    for _ in range(n):
        dob = fake.date_between(TODAY - timedelta(days=90 * 365), TODAY - timedelta(days=16 * 365))
        name = f"{fake.first_name()} {fake.last_name()}"
        out.append(build_query(name=name, dob=_dmy(dob), postcode=fake.postcode(), today=TODAY))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("/tmp/triage-desk-bench-200k"), help="data dir")
    parser.add_argument("--queries", type=int, default=1200)
    parser.add_argument("--quality", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    path = ensure_database(args.db)
    app = open_app(args.db)
    service = app.lookup()
    create_demo_accounts(app.db)  # a database built before demo accounts existed gets them now
    me = app.auth.sign_in("demo-clinician", "demo-clinician-pass")
    why = require_purpose("BENCH-LOOKUP", "lookup benchmark")

    def search(q: LookupQuery, limit: int = DEFAULT_LIMIT) -> LookupResult:
        return service.search(q, principal=me, purpose=why, limit=limit)

    people = sample_persons(path, max(args.queries, args.quality), rng)
    queries = partial_queries(people[: args.queries], rng)

    for _kind, q in queries[:50]:  # warm the page cache and lru caches, as a desk in use has them
        search(q)
    rss_before = rss_mb()
    gc.collect()
    by_kind: dict[str, list[float]] = {}
    all_ms: list[float] = []
    for kind, q in queries:
        t = time.perf_counter()
        search(q)
        ms = (time.perf_counter() - t) * 1000
        by_kind.setdefault(kind, []).append(ms)
        all_ms.append(ms)
    raw_ms = time_calls(raw_sql_calls(path, people[: args.queries]))
    rss_after = rss_mb()
    tracemalloc.start()
    for _kind, q in queries[:200]:
        search(q)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    found = 0
    misses: list[str] = []
    for i, p in enumerate(people[: args.quality]):
        kind = CORRUPTIONS[i % len(CORRUPTIONS)]
        q = corrupted(p, kind, rng)
        top5 = [c.person_id for c in search(q, limit=5).candidates]
        if p.id in top5:
            found += 1
        elif len(misses) < 8:
            misses.append(f"  miss [{kind}]: {q.describe()}  (true: {p.given} {p.family} {p.dob})")
    recall = found / max(1, min(args.quality, len(people)))
    fresh = strangers(args.quality, args.seed)
    clean = sum(1 for q in fresh if not search(q).has_likely) / len(fresh)
    app.close()

    p50, p95, worst = _percentiles(all_ms)
    r50, r95, rmax = _percentiles(raw_ms)
    print(f"\nPerson lookup on {path} ({len(queries):,} queries, seed {args.seed})\n")
    print(f"{'measure':<44}{'figure':>14}{'target / baseline':>26}")
    print("-" * 84)
    print(f"{'lookup latency p50 (ms)':<44}{p50:>14.1f}{'':>26}")
    print(f"{'lookup latency p95 (ms)':<44}{p95:>14.1f}{f'< {TARGET_P95_MS:.0f}':>26}")
    print(f"{'lookup latency max (ms)':<44}{worst:>14.1f}{'':>26}")
    print(f"{'raw indexed SQL p50 / p95 / max (ms)':<44}{f'{r50:.2f}/{r95:.2f}/{rmax:.2f}':>14}  "
          f"{'baseline (1 indexed query)':>26}")
    for kind, ms in by_kind.items():
        k50, k95, kmax = _percentiles(ms)
        print(f"{'  ' + kind + ' p50/p95/max':<44}{f'{k50:.1f}/{k95:.1f}/{kmax:.1f}':>14}")
    print(f"{'RSS before / after searches (MB)':<44}{f'{rss_before:.0f}/{rss_after:.0f}':>14}")
    print(f"{'tracemalloc peak over 200 searches (MB)':<44}{peak / 2**20:>14.2f}")
    print(f"{'recall@5, corrupted duplicates':<44}{recall:>14.1%}{f'>= {TARGET_RECALL:.0%}':>26}")
    print(f"{'strangers with no likely candidate':<44}{clean:>14.1%}{f'>= {TARGET_STRANGERS:.0%}':>26}")
    if misses:
        print("\nSome misses:\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
