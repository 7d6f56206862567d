"""Which person the record in front of the nurse is about: link it to a found person, or make one.

The usual flow on a call: type what the call handler says into the People lookup, open the right
person (their warnings and plan appear on the right), then Person ▸ Link this contact. When nobody
matches, Person ▸ New person from this contact builds the person from the names, date of birth,
NHS number and address already typed into the record, and links it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from triage_desk.services.app import AppServices
    from triage_desk.ui.main_window import MainWindow

# Record answers that become the new person's details: (form field, create_person argument).
_PERSON_FIELDS = (
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("date_of_birth", "date_of_birth"),
    ("nhs_number", "nhs"),
    ("address", "address"),
    ("postcode", "postcode"),
    ("phone", "phone"),
)


def person_input(answers: dict[str, object]) -> dict[str, Any]:
    """The create_person arguments found in a record's answers (blank ones left out)."""
    found: dict[str, Any] = {}
    for field, argument in _PERSON_FIELDS:
        value = answers.get(field)
        if value not in (None, ""):
            found[argument] = value if not isinstance(value, str) else value.strip()
    return found


class PersonLinks(QObject):
    linked = Signal(str, str)  # contact id, person id

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.person_of: dict[str, str] = {}  # contact id -> person id, for the records open in tabs

    def _app(self) -> AppServices | None:
        return self.window.app

    def load_link(self, contact_id: str) -> None:
        """Find out whom an opened record is about (a draft may already be linked)."""
        app = self._app()
        if app is None:
            return

        def done(detail: Any) -> None:
            person_id = detail.summary.person_id if detail is not None else None
            if person_id:
                self.person_of[contact_id] = person_id
                self.linked.emit(contact_id, person_id)

        principal = self.window.principal
        if principal is None:
            return
        # Only records this user has open in a tab: their own drafts, or records opened with a purpose.
        why = self.window.lookup_purpose()
        self.window.ops.run(f"link-of-{contact_id}",
                            lambda: app.contact_detail(contact_id, principal=principal, purpose=why),
                            done, lambda _exc: None)

    def link_current(self) -> None:
        window, app = self.window, self._app()
        panel = window.tabs.current_panel()
        person_id = window.opened_person
        principal = window.principal
        if app is None or panel is None or person_id is None or principal is None:
            window.statusBar().showMessage(
                "Open the record's tab and the person (People panel, Enter) first.", 8000)
            return
        contact_id = panel.contact_id
        lookup = window.lookup
        window.ops.run(
            "link-contact",
            lambda: lookup.link_contact(contact_id, person_id, principal=principal),
            lambda _none: self._linked(contact_id, person_id),
        )

    def new_person_from_current(self) -> None:
        window, app = self.window, self._app()
        panel = window.tabs.current_panel()
        principal = window.principal
        if app is None or panel is None or principal is None or window.workspace is None:
            window.statusBar().showMessage("Open the record's tab first.", 8000)
            return
        details = person_input(window.workspace.current_answers())
        if not (details.get("given_name") or details.get("family_name")):
            window.statusBar().showMessage(
                "Type the person's given or family name into the record first.", 8000)
            return
        contact_id = panel.contact_id
        lookup = window.lookup

        def create() -> str:
            person_id = lookup.create_person(principal=principal, **details)
            lookup.link_contact(contact_id, person_id, principal=principal)
            return person_id

        window.ops.run("new-person", create, lambda person_id: self._linked(contact_id, person_id))

    def _linked(self, contact_id: str, person_id: str) -> None:
        self.person_of[contact_id] = person_id
        self.window.statusBar().showMessage("Contact linked to the person.", 8000)
        self.linked.emit(contact_id, person_id)
