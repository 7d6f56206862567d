"""Theme and layout survive a restart: the next window (and a new process) opens as it was left."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from triage_desk.services.app import open_app
from triage_desk.ui.themes import COLOURS, current_theme

pytestmark = pytest.mark.ui


def _window_colour() -> QColor:
    return QApplication.instance().palette().color(QPalette.ColorRole.Window)  # type: ignore[union-attr]


def test_night_theme_switches_instantly_and_is_remembered(services, make_window, data_dir, qtbot) -> None:
    app, _ids = services
    window = make_window(app)
    assert _window_colour() == QColor(COLOURS["day"].window)

    window.actions_.night_theme.trigger()
    assert current_theme() == "night"
    assert _window_colour() == QColor(COLOURS["night"].window)
    assert window.actions_.night_theme.isChecked() and not window.actions_.day_theme.isChecked()
    settings_file = app.paths.settings_file
    qtbot.waitUntil(lambda: settings_file.exists() and 'theme = "night"' in settings_file.read_text())
    window.close()

    # A new run: settings read again from disk.
    again = open_app(data_dir)
    try:
        assert again.settings.theme == "night"
        QApplication.instance().setPalette(QPalette())  # type: ignore[union-attr]
        second = make_window(again)
        assert second.actions_.night_theme.isChecked()
        assert _window_colour() == QColor(COLOURS["night"].window)
        # Ctrl+Shift+N toggles back to day.
        second.actions_.night_theme.trigger()
        assert current_theme() == "day" and second.actions_.day_theme.isChecked()
        qtbot.waitUntil(lambda: 'theme = "day"' in settings_file.read_text())
        second.close()
    finally:
        again.close()


def test_collapsed_panel_and_sizes_are_remembered(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app)
    toggle = window.actions_.panel_toggles[2]
    assert toggle.isChecked() and window.splitter.sizes()[2] > 0

    toggle.trigger()  # View → Panels → Show Guidance panel (Ctrl+Shift+3)
    assert window.splitter.sizes()[2] == 0
    assert not toggle.isChecked()
    window.close()
    assert app.paths.ui_state_file.exists()

    second = make_window(app)
    assert second.splitter.sizes()[2] == 0
    assert not second.actions_.panel_toggles[2].isChecked()
    assert second.splitter.sizes()[0] > 0 and second.splitter.sizes()[1] > 0

    # Focusing guidance (Ctrl+3) reopens it rather than focusing something invisible.
    second.actions_.focus_guidance.trigger()
    assert second.splitter.sizes()[2] > 0
    assert second.actions_.panel_toggles[2].isChecked()
