"""Run the form panel on its own (until the main window embeds it):

    python -m triage_desk.ui.forms.demo_harness --data-dir DIR --form triage-contact [--demo-answers]

Signs in as ``--user`` (default demo-clinician; password from $TRIAGE_DESK_PASSWORD or a prompt).
Unsigned drafts are offered back first (recovery). ``--demo-answers`` pre-fills realistic,
partially complete synthetic answers (for screenshots and demonstrations; never real people).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime, timedelta

from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from triage_desk.services.app import AppServices, open_app
from triage_desk.ui.forms.form_panel import FormPanel
from triage_desk.ui.forms.recovery_dialog import RecoveryDialog


def demo_answers(form_id: str, now: datetime) -> dict[str, object]:
    minute = now.replace(second=0, microsecond=0)
    if form_id == "s136-monitor":
        arrived = minute - timedelta(hours=21, minutes=14)
        return {
            "incident_ref": "STORM-250601-0117",
            "power_used": "s136_1",
            "age": 34,
            "sex_gender": "female",
            "location_type": "public_place",
            "consulted": "yes",
            "consulted_who": "RMN J. Okafor (street triage)",
            "consulted_at": arrived - timedelta(minutes=50),
            "detained_at": arrived - timedelta(minutes=35),
            "ambulance_requested": "yes",
            "ambulance_requested_at": arrived - timedelta(minutes=33),
            "vehicle": "ambulance",
            "first_pos": "health_based_pos",
            "pos_arrived_at": arrived,
            "extension_granted": "no",
        }
    return {
        "force": "Northshire Police",
        "incident_ref": "CC-2025-0601-0042",
        "police_grade": "2",
        "call_received_at": minute - timedelta(minutes=14),
        "mhp_involved_at": minute - timedelta(minutes=9),
        "requester_type": "call_handler",
        "contact_mode": "advice_to_police_only",
        "identity_known": "yes",
        "given_name": "Sam",
        "family_name": "Example",
        "date_of_birth": date(1991, 4, 2),
        "location_type": "public_place",
        "location_detail": "Footbridge over the ring road",
        "presenting_concern": ["suicidal_thoughts", "severe_distress"],
        "concern_narrative": (
            "Caller reports a man standing on the footbridge, distressed, saying he wants to end it."
        ),
        "known_to_mh_services": "yes",
        "care_team": "North CMHT",
        "risk_self_ideation": "yes",
        "risk_self_intent": "unknown",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--form", default="triage-contact")
    parser.add_argument("--user", default="demo-clinician")
    parser.add_argument("--demo-answers", action="store_true")
    parser.add_argument("--size", default="1560x960")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    services: AppServices = open_app(args.data_dir)
    password = os.environ.get("TRIAGE_DESK_PASSWORD") or getpass.getpass(f"Password for {args.user}: ")
    principal = services.auth.sign_in(args.user, password)
    contacts = services.contacts
    contact_id = None
    drafts = contacts.recoverable_drafts(principal.user_id)
    if drafts and not args.demo_answers:
        dialog = RecoveryDialog(drafts, contacts.zone)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            contact_id = dialog.chosen
    if contact_id is None:
        contact_id = contacts.start_contact(args.form, principal=principal).id
        if args.demo_answers:
            contacts.autosave(contact_id, demo_answers(args.form, datetime.now(UTC)))
    window = QMainWindow()
    panel = FormPanel(services, contact_id, principal)
    window.setCentralWidget(panel)
    window.setWindowTitle("Triage Desk — form")
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    code = app.exec()
    panel.shutdown()
    services.auth.sign_out(principal)
    services.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
