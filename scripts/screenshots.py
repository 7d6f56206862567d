"""Take the README's screenshots of the real app on demo data, from the X screen itself.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Drives the real main window (sign-in, lookup, a Triage Contact Record with its guidance, the s136
monitor, the night theme, the shift summary) and captures the screen with ImageMagick's
``import -window root``: what a user would see, not a widget rendered off screen. Synthetic data
only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from triage_desk.services.app import open_app
from triage_desk.ui.app import ensure_application
from triage_desk.ui.main_window import MainWindow


def f1_answers(now: datetime) -> dict[str, object]:
    minute = now.replace(second=0, microsecond=0)
    return {
        "force": "Northshire Police",
        "incident_ref": "CC-2026-1121-0042",
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
        "concern_narrative": "Caller reports a man on the footbridge, distressed, saying he wants to end it.",
        "known_to_mh_services": "yes",
        "care_team": "North CMHT",
        "risk_self_ideation": "yes",
        "risk_self_intent": "unknown",
    }


def f3_answers(now: datetime) -> dict[str, object]:
    arrived = now.replace(second=0, microsecond=0) - timedelta(hours=21, minutes=14)
    return {
        "incident_ref": "STORM-261121-0117",
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


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: gave up waiting for {what}")
        spin(50)


class Shooter:
    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> None:
        spin(700)  # let repaints and the window manager-less X server settle
        path = self.out / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(f"wrote {path}")  # noqa: T201 (a developer script)


def fill(panel, answers: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for fid, value in answers.items():
        if fid in panel.editor.widgets:
            panel.controller.set_answer(fid, value)


def sign_in(window: MainWindow, username: str) -> None:
    page = window.session.page
    wait_for(lambda: page.isEnabled() and page.mode == "sign-in", "the sign-in page")
    page.username.setText(username)
    page.password.setText(f"{username}-pass")
    page.submit.click()
    wait_for(lambda: window.principal is not None, f"{username} to sign in")
    wait_for(lambda: not window.ops.busy, "the first data")


def new_record(window: MainWindow, form_id: str):  # type: ignore[no-untyped-def]
    wait_for(lambda: window.actions_.new_contact.isEnabled(), "the forms to load")
    before = set(window.tabs.panels())
    window.new_contact(form_id)
    wait_for(lambda: set(window.tabs.panels()) - before, f"a {form_id} record")
    return window.tabs.current_panel()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("Run under xvfb-run (see the docstring).", file=sys.stderr)  # noqa: T201
        return 2
    shoot = Shooter(args.out)
    qapp = ensure_application()
    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(Path(tmp) / "data")
        app.load_demo_data(persons=800, contacts=3200, seed=1)
        window = MainWindow.with_services(app)
        window.showMaximized()
        wait_for(lambda: window.session.page.mode == "sign-in", "the sign-in page")
        shoot("sign-in")

        sign_in(window, "demo-clinician")
        window.people.purpose.setText("welfare check requested by GP")
        window.people.search.setText("smith 1985")
        window.people.lookup.search_now()
        wait_for(lambda: window.people.lookup.model.rowCount() > 0, "lookup results")
        person = window.people.lookup.model.row_at(0).person
        window.choose_person(person.id)
        wait_for(lambda: not window.ops.busy, "the person's history")
        shoot("lookup-results")

        panel = new_record(window, "triage-contact")
        # The record is about the person found: the same name and date of birth.
        answers = {**f1_answers(datetime.now(UTC)), "given_name": person.given_name,
                   "family_name": person.family_name, "date_of_birth": person.date_of_birth}
        fill(panel, answers)
        window.links.link_current()
        wait_for(lambda: not window.ops.busy, "the link")
        shoot("main-window-day")
        window.show_panel(0, False)  # the nurse folds the lookup away to give the form room
        shoot("form-f1")
        window.show_panel(0, True)

        window.set_theme("night", save=False)
        shoot("main-window-night")
        window.set_theme("day", save=False)

        panel = new_record(window, "s136-monitor")
        fill(panel, f3_answers(datetime.now(UTC)))
        window.show_panel(0, False)
        shoot("form-f3")
        window.show_panel(0, True)

        window.sign_out()
        sign_in(window, "demo-supervisor")
        window.oversight.show_summary()
        summary = window.oversight.summary_view
        wait_for(lambda: summary.isVisible() and not summary.ops.busy, "the shift summary")
        summary.setGeometry(window.geometry())  # no window manager under Xvfb to maximise it
        summary.preset_box.setCurrentIndex(summary.preset_box.findData("last"))  # a full night shift
        summary.refresh()
        wait_for(lambda: not summary.ops.busy, "last shift's summary")
        shoot("shift-summary-view")
        summary.close()

        window.close()
        app.close()
    QApplication.processEvents()
    del qapp
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
