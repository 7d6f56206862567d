"""Starting up: selftest, a damaged database reported (never overwritten), themes, workers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from triage_desk.domain.errors import DatabaseUnreadableError
from triage_desk.platform.paths import resolve_paths
from triage_desk.ui.app import run_gui
from triage_desk.ui.errors import build_error_box
from triage_desk.ui.selftest import SelftestResult, needs_offscreen, run_selftest
from triage_desk.ui.themes import CONTRAST_PAIRS, load_style_sheet
from triage_desk.ui.workers import BackgroundOps

pytestmark = pytest.mark.ui


def test_selftest_passes_offscreen() -> None:
    result = run_selftest()
    assert result.message.startswith("selftest ok:"), result.message
    assert result.exit_code == 0 and result.checks >= 10


def test_selftest_failure_names_the_step() -> None:
    failed = SelftestResult(4, "database migration", "disk full")
    assert failed.exit_code == 1
    assert failed.message == "selftest failed at database migration: disk full"


def test_offscreen_chosen_only_without_any_display(monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert needs_offscreen({})
    assert not needs_offscreen({"DISPLAY": ":0"})
    assert not needs_offscreen({"QT_QPA_PLATFORM": "xcb"})


def test_the_application_is_fusion_styled_and_follows_fractional_os_scaling() -> None:
    # A fresh process: the QApplication of this test session already exists.
    code = (
        "from triage_desk.ui.app import ensure_application\n"
        "app = ensure_application()\n"
        "print(app.style().name(), app.highDpiScaleFactorRoundingPolicy().name)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fusion", "PassThrough"]


def test_damaged_database_is_reported_and_left_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = resolve_paths(data_dir).ensure().database
    junk = b"this is not a database\x00\x01" * 100
    database.write_bytes(junk)
    reported: list[BaseException] = []

    status = run_gui(data_dir, load_demo=False, report=reported.append)

    assert status != 0
    assert len(reported) == 1 and isinstance(reported[0], DatabaseUnreadableError)
    assert database.read_bytes() == junk
    box = build_error_box(None, reported[0])
    assert "not a Triage Desk database" in box.text()
    assert "has not been changed" in box.informativeText()


def test_unexpected_errors_are_shown_without_a_traceback() -> None:
    box = build_error_box(None, KeyError("internal detail"))
    assert "Something went wrong" in box.text()
    assert "internal detail" not in box.text() + box.informativeText()


@pytest.mark.parametrize("theme", ["day", "night"])
def test_theme_text_colours_meet_wcag_aa(theme: str) -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for fg, bg in CONTRAST_PAIRS[theme]:
        hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (theme, fg, bg)
    sheet = load_style_sheet(theme)
    assert "#demoBanner" in sheet and ":focus" in sheet
    if theme == "night":
        assert "#ffffff" not in sheet.lower()  # no pure-white glare in a dark room


def test_stale_background_results_are_dropped(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    ops = BackgroundOps(parent)
    release = threading.Event()
    delivered: list[str] = []
    ops.run("people", lambda: (release.wait(5), "old")[1], delivered.append)
    ops.run("people", lambda: "new", delivered.append)
    release.set()
    qtbot.waitUntil(lambda: not ops.busy)
    assert delivered == ["new"]

    errors: list[BaseException] = []
    ops.run("x", lambda: 1 / 0, delivered.append, errors.append)
    qtbot.waitUntil(lambda: not ops.busy)
    assert isinstance(errors[0], ZeroDivisionError)
    ops.wait_for_done()


def test_void_qt_calls_do_not_leak_references_to_none(qapp) -> None:
    """PySide6 6.12.0 drops a reference to None on every call that returns nothing; on Python 3.11
    (None is not immortal) a desk crashes with 'none_dealloc' after a few thousand calls. 6.11.3 is
    pinned for that reason; this guards any upgrade."""
    from PySide6.QtCore import QCoreApplication

    before = sys.getrefcount(None)
    for _ in range(5_000):
        QCoreApplication.sendPostedEvents()
    assert abs(sys.getrefcount(None) - before) < 100
