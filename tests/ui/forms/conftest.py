"""Fixtures for the form screens: real services on a temporary data dir, and a keyboard driver."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # also set by the root conftest on main

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.accounts import sign_in_everyone
from triage_desk.services.app import open_app
from triage_desk.ui.forms.form_panel import FormPanel


@pytest.fixture
def services(tmp_path):
    app_services = open_app(tmp_path / "data")
    yield app_services
    app_services.close()


@pytest.fixture
def staff(services):
    """Signed-in admin, supervisor and two clinicians (keys: role names, "clinician2")."""
    return sign_in_everyone(services.db, services.audit)


@pytest.fixture
def nurse(staff):
    """The clinician at the keyboard: every panel is opened as them unless a test says otherwise."""
    return staff["clinician"]


@pytest.fixture
def open_panel(qtbot, services, nurse):
    panels: list[FormPanel] = []

    def make(form_id: str, contact_id: str | None = None, *, principal=None, purpose=None) -> FormPanel:
        principal = principal or nurse
        cid = contact_id or services.contacts.start_contact(form_id, principal=principal).id
        panel = FormPanel(services, cid, principal, purpose=purpose)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        panel.show()
        panel.activateWindow()
        qtbot.waitUntil(lambda: panel.isActiveWindow() and QApplication.focusWidget() is not None)
        panels.append(panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()


class Keyboard:
    """Drives a panel with key events only: section shortcuts, Tab, typed ASCII text, Space."""

    def __init__(self, qtbot, panel: FormPanel) -> None:
        self.qtbot, self.panel = qtbot, panel

    @property
    def focus(self):
        return QApplication.focusWidget()

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.focus or self.panel, key, modifier)

    def shortcut(self, sequence: str) -> None:
        from PySide6.QtGui import QKeySequence

        combo = QKeySequence(sequence)[0]
        QTest.keyClick(self.focus or self.panel, combo.key(), combo.keyboardModifiers())

    def goto(self, fid: str) -> None:
        """Jump to the field's section with its shortcut, then Tab until the field has focus."""
        editor = self.panel.editor
        section = next(s for s in editor.form.sections if any(f.id == fid for f in s.fields))
        self.shortcut(section.shortcut)
        target = editor.widgets[fid].focus_target()
        for _ in range(200):
            if self.focus is target:
                return
            self.key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {fid}; focus is on {self.focus!r}")

    def type(self, fid: str, text: str, leave: bool = True) -> None:
        self.goto(fid)
        QTest.keyClicks(self.focus, text)  # ASCII only (platform.md §6)
        if leave:
            self.key(Qt.Key.Key_Tab)

    def tick(self, fid: str, *prefixes: str) -> None:
        """Multiple choice: type the start of a label to move there, Space to tick it."""
        self.goto(fid)
        for prefix in prefixes:
            QTest.keyClicks(self.focus, prefix)
            self.key(Qt.Key.Key_Space)
            QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a new type-ahead search


@pytest.fixture
def keyboard(qtbot):
    return lambda panel: Keyboard(qtbot, panel)
