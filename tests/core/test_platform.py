"""Paths, settings and logging."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from triage_desk.domain.errors import SettingsError
from triage_desk.platform.logging_setup import attach_log_file, configure_logging, redact
from triage_desk.platform.paths import resolve_paths
from triage_desk.platform.settings import Settings, load_settings, save_settings


def test_data_dir_overrides_all_three_locations(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    for location in (paths.data_dir, paths.config_dir, paths.log_dir):
        assert location.is_relative_to(tmp_path)


def test_default_locations_come_from_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIAGE_DESK_DATA_DIR", raising=False)
    paths = resolve_paths(None)
    assert "TriageDesk" in str(paths.data_dir) and "TriageDesk" in str(paths.config_dir)


def test_settings_round_trip_and_keep_unknown_keys(tmp_path: Path) -> None:
    file = tmp_path / "settings.toml"
    file.write_text('theme = "night"\nfuture_option = 3\n')
    settings = load_settings(file)
    assert settings.theme == "night" and settings.extra == {"future_option": 3}
    settings.idle_lock_minutes = 7
    save_settings(settings, file)
    again = load_settings(file)
    assert again.idle_lock_minutes == 7 and again.extra == {"future_option": 3}


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml") == Settings()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('theme = "night\n', "not valid TOML"),
        ('theme = "purple"\n', "theme"),
        ('idle_lock_minutes = "five"\n', "idle_lock_minutes"),
        ('timezone = "Mars/Olympus"\n', "time zone"),
        ('hub_url = "postgresql+psycopg://user:secret@hub/db"\n', "password"),
    ],
)
def test_bad_settings_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "settings.toml"
    file.write_text(content)
    with pytest.raises(SettingsError, match=message):
        load_settings(file)


@pytest.mark.parametrize(
    "leak",
    [
        "943 476 5919",
        "9434765919",
        "07700 900123",
        "+44 7700 900123",
        "LS1 4AP",
        "sw1a1aa",
        "12/03/1985",
        "1985-03-12",
    ],
)
def test_identifier_shapes_are_redacted(leak: str) -> None:
    assert leak not in redact(f"lookup for {leak} returned")


def test_record_ids_and_timestamps_survive_redaction() -> None:
    line = "contact 01933a7e-8d4f-7c2a-9b1e-3f5a6c7d8e9f signed at 2024-03-12T10:15:00"
    assert redact(line) == line


def test_log_file_never_holds_identifiers(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "t.log"
    configure_logging(log_file)
    logging.getLogger("triage_desk.test").warning("careless message with NHS %s", "943 476 5919")
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = log_file.read_text()
    assert "careless message" in content and "943 476 5919" not in content


def test_records_held_until_the_log_file_is_attached_are_written_in_order_redacted(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "held.log"
    configure_logging(log_file, file_now=False)  # the GUI: the file is attached after the first paint
    log = logging.getLogger("triage_desk.test")
    log.warning("first, with NHS %s", "943 476 5919")
    log.info("second")
    assert not log_file.exists()
    attach_log_file(log_file)
    attach_log_file(log_file)  # a second call (the GUI's exit path) changes nothing
    log.info("third")
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = log_file.read_text().splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["first, with NHS [redacted]", "second", "third"]


def test_attaching_the_log_file_while_another_thread_logs_loses_and_repeats_nothing(tmp_path: Path) -> None:
    import threading

    log_file = tmp_path / "logs" / "race.log"
    configure_logging(log_file, file_now=False)
    log = logging.getLogger("triage_desk.test")
    started = threading.Event()

    def chatter() -> None:
        for n in range(3000):
            log.info("record %d", n)
            if n == 200:
                started.set()

    worker = threading.Thread(target=chatter)
    worker.start()
    started.wait(10)
    attach_log_file(log_file)  # the GUI's worker does this while the UI thread may be logging
    worker.join(30)
    for handler in logging.getLogger().handlers:
        handler.flush()
    numbers = [int(line.rsplit(" ", 1)[1]) for line in log_file.read_text().splitlines()]
    assert numbers == list(range(3000))
