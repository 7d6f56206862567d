"""``triage-desk selftest``: prove that this installation can really start.

Each step is a named check; the first failure stops the run and is reported as
"selftest failed at <step>: <reason>". Works from a source checkout, a wheel and a PyInstaller
bundle: files are found only through resources_dir() / forms_dir(). Nothing here prints; the CLI
handler does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WAIT_MS = 15_000


@dataclass(frozen=True)
class SelftestResult:
    checks: int
    failed_step: str | None = None
    reason: str | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.failed_step is None else 1

    @property
    def message(self) -> str:
        if self.failed_step is None:
            return f"selftest ok: {self.checks} checks"
        return f"selftest failed at {self.failed_step}: {self.reason}"


class _StepFailed(Exception):
    def __init__(self, step: str, reason: str) -> None:
        super().__init__(reason)
        self.step = step
        self.reason = reason


def needs_offscreen(environ: dict[str, str] | os._Environ[str]) -> bool:
    """No window system and no explicit platform: Qt would abort (SIGABRT) rather than raise."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(environ.get(k) for k in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


def run_selftest() -> SelftestResult:
    checks = 0

    def check(step: str, fn: Callable[[], Any]) -> Any:
        nonlocal checks
        try:
            value = fn()
        except _StepFailed:
            raise
        except Exception as exc:  # every failure is named, never a traceback
            raise _StepFailed(step, _reason(exc)) from exc
        if value is False:
            raise _StepFailed(step, "check returned false")
        checks += 1
        return value

    try:
        with tempfile.TemporaryDirectory(prefix="triage-desk-selftest-") as tmp:
            _run_steps(Path(tmp), check)
    except _StepFailed as failed:
        return SelftestResult(checks, failed.step, failed.reason)
    return SelftestResult(checks)


def _fail(reason: str) -> bool:
    raise RuntimeError(reason)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0] if text else type(exc).__name__


def _run_steps(tmp: Path, check: Callable[[str, Callable[[], Any]], Any]) -> None:
    from triage_desk.platform.resources import forms_dir, resources_dir
    from triage_desk.services.app import open_app

    resources = check("resources", resources_dir)
    check("forms", forms_dir)
    styles = resources / "styles"
    for name in ("day", "night"):
        check(f"theme file {name}", lambda n=name: bool((styles / f"{n}.qss").read_text("utf-8")))
    check("icon file", lambda: (resources / "icons" / "triage-desk.svg").is_file())
    app = check("database migration", lambda: open_app(tmp))
    try:
        check("database query", app.counts)
        library = check("forms load", app.form_library)
        check("bundled forms are valid", lambda: not library.warnings or _fail("; ".join(library.warnings)))
        check("seven clinical forms", lambda: len(library.latest()) >= 7)
        _gui_steps(app, check)
    finally:
        app.close()


def _gui_steps(app: Any, check: Callable[[str, Callable[[], Any]], Any]) -> None:
    if needs_offscreen(os.environ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QIcon

    from triage_desk.ui.app import ensure_application, icon_path
    from triage_desk.ui.main_window import MainWindow
    from triage_desk.ui.themes import THEMES, apply_theme

    qapp = check("Qt application", ensure_application)
    check("icon loads", lambda: not QIcon(str(icon_path())).pixmap(64, 64).isNull())
    for name in THEMES:
        check(f"theme {name} applies", lambda n=name: apply_theme(qapp, n) is None)
    window = check("main window", lambda: MainWindow.with_services(app))
    try:
        check("main window shows", lambda: (window.show(), window.isVisible())[1])

        def wait_for_loads() -> bool:
            # One nested event loop ended by the window's own signal, bounded by a timer.
            loop = QEventLoop()
            window.loaded.connect(loop.quit)
            QTimer.singleShot(_WAIT_MS, loop.quit)
            if window.ops.busy:
                loop.exec()
            if window.ops.busy:
                raise TimeoutError(f"initial data did not load within {_WAIT_MS // 1000} s")
            return True

        check("initial data loads", wait_for_loads)
        database = str(app.paths.database)
        check("status bar names the database", lambda: database in window.database_label.text())
    finally:
        window.close()
        window.deleteLater()
