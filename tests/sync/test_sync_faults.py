"""Faults a street-triage laptop meets: dropped connections, lost acknowledgements, a restarted hub,
a wrong clock, a version mismatch, and the process killed outright. Nothing may be lost or doubled."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.exc import OperationalError

from tests.sync.conftest import _pg_admin_dsn
from tests.sync.desk_ops import create_person, desk_dump, edit_person, hub_dump, person, sign_contact
from triage_desk.domain.errors import HubUnreachableError, SyncIncompatibleError
from triage_desk.services.app import open_app
from triage_desk.storage import outbox
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection, create_hub_engine, hub_label
from triage_desk.sync.hub_schema import change_log, conflicts, hub_meta, mutations, records


class FlakyHub(HubConnection):
    """A hub whose connection drops before its ``fail_at``-th SQL statement."""

    def __init__(self, url: str, fail_at: int) -> None:
        super().__init__(create_hub_engine(url), hub_label(url))
        self.statements = 0

        @event.listens_for(self.engine, "before_cursor_execute")
        def _drop(*_args: object) -> None:
            self.statements += 1
            if self.statements == fail_at:
                raise OperationalError("injected", {}, ConnectionError("connection lost"))


class LostAckHub(HubConnection):
    """The hub commits the batch, then the answer never arrives."""

    def apply_batch(self, batch):  # type: ignore[no-untyped-def]
        super().apply_batch(batch)
        raise OperationalError("injected", {}, ConnectionError("reply lost"))


def _count(url: str, table) -> int:  # type: ignore[no-untyped-def]
    hub = HubConnection.open(url)
    try:
        with hub.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(table))
    finally:
        hub.close()


def _sync_through_failures(desk, url: str, **kw: int) -> int:  # type: ignore[no-untyped-def]
    """Sync, dropping the connection at every statement in turn until one cycle gets through."""
    failures = 0
    for fail_at in range(1, 500):
        hub = FlakyHub(url, fail_at)
        try:
            sync_once(desk, hub, **kw)
            return failures
        except HubUnreachableError:
            failures += 1
        finally:
            hub.close()
    raise AssertionError("never got through")


def test_connection_lost_at_every_point_of_push_and_pull_loses_and_doubles_nothing(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    people = [create_person(a, f"P{i}") for i in range(12)]
    for pid in people[:6]:
        sign_contact(a, pid)
    failures_a = _sync_through_failures(a, hub_url, batch_size=5, page_size=4)
    failures_b = _sync_through_failures(b, hub_url, batch_size=5, page_size=4)
    assert failures_a > 5 and failures_b > 5, "the injection must really have hit push and pull"
    assert _count(hub_url, records) == 18 and _count(hub_url, change_log) == 18
    with a.reader() as s:
        assert outbox.pending_count(s) == 0
    assert desk_dump(a) == desk_dump(b) == hub_dump(hub_url)


def test_lost_acknowledgement_is_resent_as_duplicates(hub_url, new_desk):
    a = new_desk("a")
    pid = create_person(a)
    sign_contact(a, pid)
    lost = LostAckHub(create_hub_engine(hub_url), hub_label(hub_url))
    with pytest.raises(HubUnreachableError):
        sync_once(a, lost)
    lost.close()
    with a.reader() as s:
        assert outbox.pending_count(s) == 2, "not acknowledged, so still queued"
    report = sync_once(a, hub_url)
    assert report.pushed["duplicate"] == 2
    assert _count(hub_url, records) == 2 and _count(hub_url, mutations) == 2


def test_hub_restarted_mid_sync(hub_url, hub_kind, new_desk):
    a = new_desk("a")
    for i in range(30):
        create_person(a, f"P{i}")
    hub = HubConnection.open(hub_url)

    def restart(_progress) -> None:  # type: ignore[no-untyped-def]
        if hub_kind == "postgres":
            dbname = hub.engine.url.database
            with psycopg.connect(_pg_admin_dsn(), autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,)
                )
        else:
            hub.engine.dispose()

    with contextlib.suppress(HubUnreachableError):  # acceptable: the next cycle resumes
        sync_once(a, hub, batch_size=7, progress=restart)
    sync_once(a, hub)
    hub.close()
    assert _count(hub_url, records) == 30 and _count(hub_url, change_log) == 30
    assert desk_dump(a) == hub_dump(hub_url)


def _clock_scenario(new_desk, url: str, monkeypatch, skew_days: int):  # type: ignore[no-untyped-def]
    import triage_desk.storage.synced_writes as writes
    from triage_desk.domain import clock

    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a, "Ann", "Smith")
    sync_once(a, url)
    sync_once(b, url)
    edit_person(a, pid, given_name="Anne", postcode="LS1")
    with monkeypatch.context() as m:
        skewed = lambda: clock.utc_now() + __import__("datetime").timedelta(days=skew_days)  # noqa: E731
        m.setattr(writes, "utc_now", skewed)
        edit_person(b, pid, given_name="Annie", phone="07700")
    sync_once(b, url)
    sync_once(a, url)
    sync_once(b, url)
    hub = HubConnection.open(url)
    with hub.engine.connect() as conn:
        fields = [json.loads(f) for f in conn.scalars(select(conflicts.c.fields))]
    hub.close()
    pa, pb = person(a, pid), person(b, pid)
    return (pa.given_name, pa.phone, pa.postcode, pa.version), (pb.given_name, pb.phone, pb.version), fields


@pytest.mark.parametrize("skew_days", [1, -1])
def test_a_desk_clock_a_day_wrong_changes_nothing(hub_kind, new_hub, new_desk, monkeypatch, skew_days):
    correct = _clock_scenario(new_desk, new_hub(), monkeypatch, 0)
    skewed = _clock_scenario(new_desk, new_hub(), monkeypatch, skew_days)
    assert skewed == correct
    assert correct[2] == [{"given_name": {"base": "Ann", "hub": "Annie", "mine": "Anne"}}]


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("min_desk_protocol", "99", "Upgrade Triage Desk on this desk"),
        ("protocol_version", "0", "Upgrade the hub"),
        ("schema_revision", "h999", "newer Triage Desk"),
        ("required_desk_schema", "0099", "database is older"),
        ("demo", "1", "must never mix"),
    ],
)
def test_version_or_demo_mismatch_refuses_to_sync_and_keeps_local_data(hub_url, new_desk, key, value, says):
    a = new_desk("a")
    create_person(a)
    hub = HubConnection.open(hub_url)
    with hub.engine.connect().execution_options(hub_write=True) as conn, conn.begin():
        conn.execute(update(hub_meta).where(hub_meta.c.key == key).values(value=value))
    hub.close()
    with pytest.raises(SyncIncompatibleError, match=says):
        sync_once(a, hub_url)
    with a.reader() as s:
        assert outbox.pending_count(s) == 1
    assert _count(hub_url, records) == 0


def test_demo_desk_refuses_a_real_hub(hub_url, new_desk):
    a = new_desk("a")
    a.set_meta("demo_data", "1")
    with pytest.raises(SyncIncompatibleError, match="demonstration data"):
        sync_once(a, hub_url)


def test_interrupted_first_sync_resumes_from_last_committed_page(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    for i in range(50):
        create_person(a, f"P{i}")
    sync_once(a, hub_url)
    pages: list[int] = []
    report = sync_once(
        b,
        hub_url,
        page_size=10,
        cancelled=lambda: len(pages) >= 2,
        progress=lambda p: pages.append(p.done) if p.phase == "pull" else None,
    )
    assert report.cancelled and not report.initial_sync_complete and report.pulled == 20
    from triage_desk.platform.settings import Settings
    from triage_desk.services.sync_service import SyncService

    status = SyncService(b, Settings()).status()
    assert status.cursor == 20 and not status.initial_sync_complete
    resumed = sync_once(b, hub_url, page_size=10)
    assert resumed.pulled == 30 and resumed.initial_sync_complete
    assert desk_dump(b) == hub_dump(hub_url)


def test_kill_9_at_random_points_loses_and_doubles_nothing(hub_url, tmp_path: Path):
    other_dir, desk_dir = tmp_path / "other", tmp_path / "desk"
    other = open_app(other_dir)
    for i in range(300):
        create_person(other.db, f"O{i}")
    other.close()
    desk = open_app(desk_dir)
    mine = [create_person(desk.db, f"D{i}") for i in range(300)]
    for pid in mine[:300]:
        sign_contact(desk.db, pid)
    desk.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    cmd = [sys.executable, "-m", "triage_desk", "sync", "--hub", hub_url, "--quiet"]
    subprocess.run(
        [*cmd, "--data-dir", str(other_dir)], check=True, env=env, capture_output=True, timeout=120
    )
    rng = random.Random(6)
    kills = 0
    for _ in range(6):
        proc = subprocess.Popen(
            [*cmd, "--data-dir", str(desk_dir)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 2.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2, "the test must really kill syncs in progress"
    subprocess.run([*cmd, "--data-dir", str(desk_dir)], check=True, env=env, capture_output=True, timeout=120)
    desk = open_app(desk_dir)
    try:
        assert _count(hub_url, records) == 900 and _count(hub_url, change_log) == 900
        with desk.db.reader() as s:
            assert outbox.pending_count(s) == 0
        assert desk_dump(desk.db) == hub_dump(hub_url)
    finally:
        desk.close()
