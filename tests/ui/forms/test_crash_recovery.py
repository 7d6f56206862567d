"""Killing the process during entry loses nothing older than a second; the draft is offered back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts import ACCOUNTS, cheap_auth
from triage_desk.services.app import open_app
from triage_desk.ui.forms.recovery_dialog import RecoveryDialog

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[3]


def test_killed_during_entry_the_draft_is_recovered(tmp_path, qtbot) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("kill_during_entry.py")), str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("typed"), proc.stderr.read()
        contact_id = line.split()[1]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    services = open_app(data)
    try:
        username, _name, _role, password = ACCOUNTS["clinician"]
        nurse = cheap_auth(services.db, services.audit).sign_in(username, password)
        [draft] = services.contacts.recoverable_drafts(nurse.user_id)
        assert draft.id == contact_id and draft.incident_ref == "CC-KILL-7"
        answers = services.contacts.open_record(contact_id, principal=nurse).answers
        assert answers["concern_narrative"] == "Typed just before the power cut"
        dialog = RecoveryDialog(services.contacts.recoverable_drafts(), services.contacts.zone)
        qtbot.addWidget(dialog)
        assert (
            "CC-KILL-7" in dialog.list.item(0).text()
            and "Triage Contact Record" in dialog.list.item(0).text()
        )
        dialog.accept()
        assert dialog.chosen == contact_id
    finally:
        services.close()
