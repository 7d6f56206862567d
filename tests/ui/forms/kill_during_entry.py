"""Helper for test_crash_recovery (not a test): type into a draft, wait, say so, then hang until killed.

Usage: python kill_during_entry.py DATA_DIR
"""

from __future__ import annotations

import os
import sys
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.accounts import sign_in_everyone  # noqa: E402
from triage_desk.services.app import open_app  # noqa: E402
from triage_desk.ui.forms.form_panel import FormPanel  # noqa: E402


def main() -> None:
    app = QApplication([])
    services = open_app(sys.argv[1])
    nurse = sign_in_everyone(services.db, services.audit)["clinician"]
    contact = services.contacts.start_contact("triage-contact", principal=nurse)
    panel = FormPanel(services, contact.id, nurse)
    panel.show()
    panel.activateWindow()
    QTest.qWait(100)
    incident = panel.editor.widgets["incident_ref"].edit
    incident.setFocus()
    QTest.keyClicks(incident, "CC-KILL-7")
    QTest.keyClick(incident, Qt.Key.Key_Tab)
    # Let the first save land (a cold process compiles its statements on the first write), so the
    # one-second bound below is measured on a warm desk, as a nurse mid-call would have.
    saves: list[object] = []
    panel.writer.saved.connect(saves.append)
    deadline = time.monotonic() + 15
    while not saves and time.monotonic() < deadline:
        QTest.qWait(20)
    narrative = panel.editor.widgets["concern_narrative"].edit
    narrative.setFocus()
    QTest.keyClicks(narrative, "Typed just before the power cut")
    # Let the event loop run for 1.2 s, as the app's exec() does. (One long QTest.qWait keeps the GIL
    # inside Qt, starving the writer thread in a way the real event loop does not.)
    until = time.monotonic() + 1.2
    while time.monotonic() < until:
        QTest.qWait(20)
    print("typed", contact.id, flush=True)
    app.processEvents()
    time.sleep(600)


if __name__ == "__main__":
    main()
