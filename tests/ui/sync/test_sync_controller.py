"""The GUI's sync loop against a real SQLite hub: worker thread, status texts, progress, cancel."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from tests.sync.desk_ops import create_person
from triage_desk.platform.settings import Settings
from triage_desk.services.sync_service import SyncService
from triage_desk.storage.database import Database
from triage_desk.sync.hub_admin import init_hub
from triage_desk.ui.sync.controller import SyncController

SYNCED = re.compile(r"^Sync: synced at \d\d:\d\d \(Europe/London\)")


class RecordingService(SyncService):
    """The real service, noting which thread each sync ran on."""

    threads: list[threading.Thread]

    def sync_now(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.threads.append(threading.current_thread())
        return super().sync_now(*args, **kwargs)


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database.open(tmp_path / "desk.db")
    yield db
    db.close()


@pytest.fixture
def hub(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/hub.db"
    init_hub(url)
    return url


def make(qtbot, db: Database, hub_url: str) -> tuple[SyncController, RecordingService, list[str]]:  # type: ignore[no-untyped-def]
    settings = Settings(hub_url=hub_url)
    service = RecordingService(db, settings)
    service.threads = []
    controller = SyncController(lambda: service, settings)
    texts: list[str] = []
    controller.status_text.connect(texts.append)
    return controller, service, texts


def test_syncs_on_a_worker_thread_then_shows_synced_and_waiting(qtbot, desk, hub) -> None:  # type: ignore[no-untyped-def]
    create_person(desk, "Ann")
    controller, service, texts = make(qtbot, desk, hub)
    progress: list[tuple[int, int]] = []
    controller.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        controller.start()
    assert texts[0] == "Sync: syncing…"
    assert SYNCED.match(texts[-1]) and "waiting" not in texts[-1], texts
    assert service.threads and all(t is not threading.main_thread() for t in service.threads)
    assert progress and progress[-1][0] == progress[-1][1]  # push: 1 of 1
    assert any(t.startswith("Sync: syncing… ") and " of " in t for t in texts)

    # Two local changes wait for the next sync: the status says so.
    create_person(desk, "Bea")
    create_person(desk, "Cal")
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.refresh()
    assert SYNCED.match(texts[-1]) and texts[-1].endswith(" · 2 waiting"), texts[-1]
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        assert controller.sync_now()
    assert SYNCED.match(texts[-1]) and "waiting" not in texts[-1]
    assert controller.shutdown()


def test_an_unreachable_hub_is_offline_with_the_reason_and_the_waiting_count(qtbot, desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    create_person(desk, "Ann")
    controller, _service, texts = make(qtbot, desk, f"sqlite:///{tmp_path}/nowhere.db")
    with qtbot.waitSignal(controller.finished, timeout=10_000) as finished:
        controller.sync_now()
    assert finished.args == [None]
    assert texts[-1] == "Sync: offline — No hub found at sqlite:nowhere.db. · 1 waiting"
    controller.shutdown()


def test_an_unreachable_postgresql_hub_is_offline(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    controller, _service, texts = make(qtbot, desk, "postgresql+psycopg://u@127.0.0.1:1/hub")
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        controller.sync_now()
    assert texts[-1].startswith("Sync: offline — Cannot reach hub 127.0.0.1/hub")
    controller.shutdown()


def test_without_a_hub_nothing_runs(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    controller, service, texts = make(qtbot, desk, "")
    controller.start()
    assert controller.sync_now() is False
    assert texts == ["Sync: no hub configured"] * 2 and service.threads == []


def test_cancel_stops_a_first_sync_which_resumes_next_time(qtbot, desk, hub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = Database.open(tmp_path / "source.db")
    for i in range(30):
        create_person(source, f"P{i}")
    SyncService(source, Settings(hub_url=hub)).sync_now()
    source.close()
    controller, service, texts = make(qtbot, desk, hub)
    # The Cancel button is pressed while the first page (of 10) is being stored.
    original = service.sync_now

    def first_page_then_cancel(**kw):  # type: ignore[no-untyped-def]
        def progress(p):  # type: ignore[no-untyped-def]
            kw["progress"](p)
            if p.phase == "pull":
                controller.cancel()

        return original(**{**kw, "progress": progress, "page_size": 10})

    service.sync_now = first_page_then_cancel  # type: ignore[method-assign]
    with qtbot.waitSignal(controller.finished, timeout=20_000) as first:
        controller.sync_now()
    assert first.args[0].cancelled and first.args[0].pulled == 10
    assert texts[-1].startswith("Sync: offline — cancelled")
    service.sync_now = original  # type: ignore[method-assign]
    with qtbot.waitSignal(controller.finished, timeout=20_000) as second:
        controller.sync_now()
    assert first.args[0].pulled + second.args[0].pulled == 30
    assert SYNCED.match(texts[-1])
    controller.shutdown()
