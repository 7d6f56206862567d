"""Fixtures for the UI tests: the real services on a temporary database, and a shown main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.accounts import sign_in_everyone
from tests.ui.seed import Seeded, seed
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.app import AppServices, open_app
from triage_desk.ui.main_window import MainWindow

REASON = "welfare check requested by GP"
_KEY_FOR_ROLE = {Role.CLINICIAN: "clinician", Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}


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
def staff(services) -> dict[str, Principal]:  # type: ignore[no-untyped-def]
    """Signed in through the real AuthService: admin, supervisor and two clinicians (tests/accounts.py)."""
    app, _ids = services
    return sign_in_everyone(app.db, app.audit)


@pytest.fixture
def make_window(qtbot, staff) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    """Build, show and wait for a window's first data; closed (and layout saved) at teardown.

    Signed in as the clinician unless ``role`` or ``as_`` (a tests/accounts.py key) says otherwise;
    ``role=None`` leaves it at the sign-in page. ``reason`` is typed as the purpose of look-ups."""
    windows: list[MainWindow] = []

    def make(app: AppServices, role: Role | None = Role.CLINICIAN, *, as_: str | None = None,
             reason: str | None = REASON) -> MainWindow:
        key = as_ or (_KEY_FOR_ROLE[role] if role is not None else None)
        window = MainWindow.with_services(app, principal=staff[key] if key else None)
        if reason and key:
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
