"""A nurse completes F1 and F3 with the keyboard alone and signs; the stored record is sealed."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from triage_desk.storage.contact_records import SignedRecordError

pytestmark = pytest.mark.ui


def _sign_by_keyboard(qtbot, kb, panel) -> None:
    kb.shortcut("Ctrl+Shift+S")
    qtbot.waitUntil(lambda: panel.sign_dialog is not None and panel.sign_dialog.isVisible())
    dialog = panel.sign_dialog
    assert dialog.cancel_button.isDefault()  # Enter in the dialog cancels
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and QApplication.focusWidget() is not None)
    kb.key(Qt.Key.Key_Return)  # Enter in the confirmation cancels …
    qtbot.waitUntil(lambda: panel.sign_dialog is None)
    assert services_status(panel) == "draft"
    qtbot.waitUntil(lambda: panel.isActiveWindow() and QApplication.focusWidget() is not None)
    kb.shortcut("Ctrl+Shift+S")
    qtbot.waitUntil(lambda: panel.sign_dialog is not None and panel.sign_dialog.isActiveWindow())
    kb.shortcut("Alt+S")  # … only the explicit "Sign record" (Alt+S) signs
    qtbot.waitUntil(lambda: panel.record_view is not None, timeout=5000)


def services_status(panel) -> str:
    return panel.service.open_record(panel.contact_id, principal=panel.principal).contact.status


def _assert_sealed(services, contact_id, nurse) -> None:
    record = services.contacts.open_record(contact_id, principal=nurse)
    assert record.contact.status == "signed" and record.contact.signed_by == nurse.user_id
    assert len(record.contact.content_hash) == 64
    with pytest.raises(SignedRecordError):
        services.contacts.autosave(contact_id, {"incident_ref": "tampered"})
    conn = sqlite3.connect(services.db.path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE contacts SET incident_ref = 'x' WHERE id = ?", (contact_id,))
    conn.close()


def test_f1_completed_and_signed_by_keyboard_alone(qtbot, open_panel, keyboard, services) -> None:
    panel = open_panel("triage-contact")
    kb = keyboard(panel)
    kb.type("incident_ref", "CC-2025-0601-0042")
    for key in ("Ctrl+1", "Ctrl+2", "Ctrl+3"):
        kb.shortcut(key)  # one keystroke per timing
    assert "Call timer 0:0" in panel.timings.call_timer.text()
    kb.type("requester_type", "call handler")
    kb.type("contact_mode", "Advice to police")
    kb.type("identity_known", "y")
    assert panel.editor.widgets["given_name"].isVisible()  # skip logic shows the name at once
    kb.type("given_name", "Sam")
    kb.type("date_of_birth", "12/3/85")
    assert panel.editor.widgets["date_of_birth"].edit.text() == "12/03/1985"
    assert not panel.editor.widgets["estimated_age"].isVisible()
    assert panel.editor.widgets["under_18"].display.text() == "No"
    kb.type("location_type", "public")
    kb.tick("presenting_concern", "Suic")
    kb.type("risk_formulation", "Distressed, no plan; sister on the way.")
    kb.type("children_present", "n")
    kb.type("triage_code", "C")
    kb.type("triage_reason", "High distress, no immediate means.")
    kb.type("rcrp_decision", "risk to life")
    kb.type("police_action", "attend with")
    kb.type("outcome_code", "Advice on call")
    kb.type("info_shared", "n")
    kb.type("practitioner_role", "Registered mental")
    kb.shortcut("Ctrl+4")
    assert panel.summary.paths() == [], panel.summary.paths()
    _sign_by_keyboard(qtbot, kb, panel)

    _assert_sealed(services, panel.contact_id, panel.principal)
    with services.db.reader() as s:
        from triage_desk.storage.models import Contact

        row = s.get(Contact, panel.contact_id)
        assert (row.incident_ref, row.triage_code, row.requester_type, row.contact_mode) == (
            "CC-2025-0601-0042",
            "C",
            "call_handler",
            "advice_to_police_only",
        )
        assert (row.location_type, row.rcrp_decision, row.outcome_code) == (
            "public_place",
            "threshold_met_risk_to_life",
            "02",
        )
        assert row.call_received_at and row.mhp_involved_at and row.advice_given_at and row.closed_at
    answers = services.contacts.open_record(panel.contact_id, principal=panel.principal).answers
    assert answers["presenting_concern"] == ["suicidal_thoughts"] and answers["given_name"] == "Sam"


def test_f3_completed_and_signed_by_keyboard_alone(qtbot, open_panel, keyboard, services) -> None:
    panel = open_panel("s136-monitor")
    kb = keyboard(panel)
    kb.type("incident_ref", "STORM-117")
    kb.type("power_used", "s136(1)")
    kb.type("age", "34")
    kb.type("location_type", "public")
    kb.type("consulted", "n")
    kb.type("not_practicable_reason", "Immediate risk on a bridge; no time to call.")
    kb.goto("detained_at")
    kb.shortcut("Alt+N")  # the Now button's key
    kb.type("ambulance_requested", "n")
    kb.type("vehicle", "Ambulance")
    kb.type("first_pos", "Health-based")
    kb.type("pos_arrived_at", "now")
    clock = panel.editor.widgets["detention_deadline"]
    assert "remaining" in clock.display.text() and "24 h" in clock.display.text()
    kb.type("extension_granted", "y")
    kb.type("extension_hours", "6")
    kb.type("extension_reason", "intoxicated")
    kb.type("extension_doctor", "Dr A. Patel")
    assert "6 h extension" in clock.display.text() and clock.level == "ok"
    assert panel.summary.paths() == [], panel.summary.paths()
    _sign_by_keyboard(qtbot, kb, panel)
    _assert_sealed(services, panel.contact_id, panel.principal)
    answers = services.contacts.open_record(panel.contact_id, principal=panel.principal).answers
    assert answers["extension_hours"] == 6 and answers["vehicle"] == "ambulance"


def test_enter_in_any_field_never_signs(qtbot, open_panel, keyboard, services) -> None:
    panel = open_panel("triage-contact")
    services.contacts.autosave(panel.contact_id, {})
    kb = keyboard(panel)
    # Fill the form so that signing WOULD succeed, then press Enter everywhere.
    from tests.core.contacts.conftest import complete_f1

    for fid, value in complete_f1().items():
        panel.controller.set_answer(fid, value)
    assert panel.controller.signing_problems() == []
    kb.shortcut("Alt+1")
    seen = set()
    for _ in range(150):
        widget = QApplication.focusWidget()
        if widget in seen:
            break
        seen.add(widget)
        kb.key(Qt.Key.Key_Return)
        kb.key(Qt.Key.Key_Enter)
        assert panel.sign_dialog is None, f"Enter in {widget.accessibleName()} opened signing"
        kb.key(Qt.Key.Key_Tab)
    assert len(seen) > 40
    qtbot.wait(400)
    assert services_status(panel) == "draft"


def test_sign_refused_lists_problems_and_jumps_to_the_field(qtbot, open_panel, keyboard) -> None:
    panel = open_panel("triage-contact")
    kb = keyboard(panel)
    kb.type("date_of_birth", "31/02/85")
    assert "does not exist" in panel.editor.widgets["date_of_birth"].error
    kb.shortcut("Ctrl+Shift+S")
    assert panel.sign_dialog is None
    assert "incident_ref" in panel.summary.paths() and "date_of_birth" in panel.summary.paths()
    assert panel.editor.widgets["incident_ref"].error == "Required before signing."
    assert QApplication.focusWidget() is panel.summary.list
    panel.summary.list.setCurrentRow(panel.summary.paths().index("incident_ref"))
    kb.key(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is panel.editor.widgets["incident_ref"].edit
