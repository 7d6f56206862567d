"""Test-suite wide setup.

Qt must never try to open a real display during tests (it would abort the whole process), so the
offscreen platform is set before any test module can import PySide6.

Required tests: the README's test command sets TRIAGE_DESK_REQUIRE="ui,postgres". A test carrying one
of those markers that is skipped (PySide6 missing, PostgreSQL not reachable) then fails the run, so a
green result always means the UI and hub tests really ran.
"""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_REQUIRED = {m.strip() for m in os.environ.get("TRIAGE_DESK_REQUIRE", "").split(",") if m.strip()}
_skipped_required: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and _REQUIRED:
        markers = set(report.keywords) & _REQUIRED
        if markers:
            _skipped_required.append(f"{report.nodeid} ({', '.join(sorted(markers))})")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _REQUIRED:
        return
    present = {m for item in items for m in _REQUIRED if item.get_closest_marker(m)}
    missing = _REQUIRED - present
    if missing:
        _skipped_required.append(f"no test collected for required marker(s): {', '.join(sorted(missing))}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_required and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if _skipped_required:
        terminalreporter.section("required tests did not run", red=True)
        for line in _skipped_required:
            terminalreporter.write_line(f"REQUIRED BUT SKIPPED: {line}")


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """pytest-qt's QApplication gets the style ``triage_desk.ui.app.ensure_application`` gives the app."""
    return [sys.argv[0], "-style", "Fusion"]
