"""Demo-data load time and memory, beside a raw sqlite3 baseline measured in the same run.

1. ``triage-desk demo-data --persons N --contacts M`` into a fresh temporary data dir (its own
   process, so wall time includes start-up and migration, as a user would see it).
2. Baseline: the same numbers of persons and contacts as minimal pre-built rows (only the NOT NULL
   columns, built before the clock starts), inserted with plain ``sqlite3`` executemany into a
   freshly migrated database with the same indexes, 5,000 rows per transaction, synchronous=OFF.

The difference is what generation, SQLAlchemy Core parameter processing and the extra columns and
tables cost. Each case runs in a child process; peak RSS comes from that child's rusage.
Usage: .venv/bin/python benchmarks/demo_data.py [--persons N] [--contacts M]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage_desk.platform.paths import resolve_paths  # noqa: E402  (needs ROOT on the path)

TARGET_SECONDS = 120.0
CHUNK = 5000


def run_child(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in bytes (Linux reports KiB) and stdout of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text}")
    return elapsed, usage.ru_maxrss * 1024, text


def table_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        tables = ("users", "persons", "person_aliases", "safety_warnings", "response_plans", "contacts")
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


def baseline_child(db_path: str, persons: int, contacts: int) -> None:
    """Runs in its own process: migrate, build minimal rows, then time only the inserts."""
    from triage_desk.storage.database import Database

    Database.open(Path(db_path)).close()  # the real schema and indexes, via the migrations
    stamp = "2024-01-01 12:00:00.000000"
    person_rows = [
        (
            f"{i:08x}-0000-7000-8000-000000000000",
            1,
            "bench",
            stamp,
            stamp,
            0,
            "Given",
            f"Family{i}",
            "given",
            f"family{i}",
            "JFN",
            "FML",
            "",
            "",
        )
        for i in range(persons)
    ]
    contact_rows = [
        (
            f"{i:08x}-0000-7000-8000-000000000001",
            "bench",
            "triage-contact",
            "1",
            "signed",
            person_rows[i % persons][0] if persons else None,
            "{}",
            stamp,
            stamp,
        )
        for i in range(contacts)
    ]
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=OFF")
    start = time.perf_counter()
    for sql, rows in (
        (
            "INSERT INTO persons (id, version, origin_site, created_at, updated_at, deleted, given_name, "
            "family_name, given_norm, family_norm, given_phonetic, family_phonetic, postcode_norm, "
            "phone_norm) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            person_rows,
        ),
        (
            "INSERT INTO contacts (id, origin_site, form_id, form_version, status, person_id, answers, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            contact_rows,
        ),
    ):
        for i in range(0, len(rows), CHUNK):
            conn.execute("BEGIN")
            conn.executemany(sql, rows[i : i + CHUNK])
            conn.execute("COMMIT")
    print(f"insert_seconds {time.perf_counter() - start:.3f}")
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        db, persons, contacts = args.baseline_child
        baseline_child(db, int(persons), int(contacts))
        return 0

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="td-bench-") as tmp:
        data_dir = Path(tmp) / "demo"
        demo_cmd = [
            sys.executable,
            "-m",
            "triage_desk",
            "--data-dir",
            str(data_dir),
            "demo-data",
            "--persons",
            str(args.persons),
            "--contacts",
            str(args.contacts),
            "--seed",
            str(args.seed),
        ]
        demo_s, demo_rss, _ = run_child(demo_cmd)
        demo_rows = table_rows(resolve_paths(data_dir).database)

        base_db = Path(tmp) / "baseline.db"
        base_cmd = [
            sys.executable,
            __file__,
            "--baseline-child",
            str(base_db),
            str(args.persons),
            str(args.contacts),
        ]
        base_wall, base_rss, out = run_child(base_cmd)
        base_s = float(out.split("insert_seconds")[1].split()[0])
    load_after = os.getloadavg()

    main_rows = args.persons + args.contacts
    print(
        f"demo-data --persons {args.persons:,} --contacts {args.contacts:,} --seed {args.seed}"
        f"   ({os.cpu_count()} CPUs; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after)"
    )
    print()
    header = (
        f"{'case':<44} {'wall s':>8} {'persons+contacts/s':>19} {'all rows':>10} {'peak RSS':>10}  target"
    )
    print(header)
    print("-" * len(header))
    verdict = "met" if demo_s < TARGET_SECONDS else "MISSED"
    print(
        f"{'triage-desk demo-data (whole command)':<44} {demo_s:>8.1f} {main_rows / demo_s:>19,.0f} "
        f"{demo_rows:>10,} {demo_rss / 2**20:>7.0f} MiB  < {TARGET_SECONDS:.0f} s: {verdict}"
    )
    print(
        f"{'baseline: raw sqlite3 executemany (inserts)':<44} {base_s:>8.1f} {main_rows / base_s:>19,.0f} "
        f"{main_rows:>10,} {base_rss / 2**20:>7.0f} MiB"
    )
    print(f"{'  (baseline process incl. migrate + row build)':<44} {base_wall:>8.1f}")
    print()
    print(f"demo-data / baseline inserts: {demo_s / base_s:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
