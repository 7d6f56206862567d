"""Fixtures for the UI tests: the real services on a temporary database, and a shown main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ui.accounts import signed_in
from tests.ui.seed import Seeded, seed
from triage_desk.domain.roles import Role
from triage_desk.services.app import AppServices, open_app
from triage_desk.ui.main_window import MainWindow


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def services(data_dir: Path) -> Iterator[tuple[AppServices, Seeded]]:
    app = open_app(data_dir)
    ids = seed(app)
    yield app, ids
    app.close()


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[[AppServices], MainWindow]]:  # type: ignore[no-untyped-def]
    """Build, show and wait for a window's first data; closed (and layout saved) at teardown."""
    windows: list[MainWindow] = []

    def make(app: AppServices, role: Role | None = Role.SUPERVISOR,
             reason: str | None = "welfare check requested by GP") -> MainWindow:
        """Signed in with ``role`` (None: left at the sign-in page), with a look-up ``reason`` typed."""
        principal = signed_in(app, role) if role is not None else None
        window = MainWindow.with_services(app, principal=principal)
        if reason:
            window.people.purpose.setText(reason)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: not window.ops.busy, timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(services, make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    app, _ids = services
    return make_window(app)
