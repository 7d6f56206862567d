"""The supervisor's and administrator's tools, opened from the main window's menus.

Merging duplicate people (and undoing a merge), who has looked at a person, the shift summary, the
services directory, the sync quarantine and user accounts. Each is a window of its own; the
services behind them check the role and write the audit log, so greying out a menu entry is a
convenience, not the control. A tool whose data arrives after the desk locked (or its user left)
does not open.

Built with the window, before its first paint, so Qt's enum namespace and the dialog classes are
imported when a tool is first used rather than at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from triage_desk.ui.errors import show_error

if TYPE_CHECKING:
    from triage_desk.domain.lookup_records import MergeSummary, PersonDetail
    from triage_desk.services.audit import AccessEntry
    from triage_desk.ui.main_window import MainWindow


class Oversight(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # The open tool windows (tests and the screenshot script reach them here).
        self.merge_dialog: QWidget | None = None
        self.access_dialog: QWidget | None = None
        self.summary_view: QWidget | None = None
        self.services_editor: QWidget | None = None
        self.quarantine_dialog: QWidget | None = None
        self.users_dialog: QWidget | None = None

    def _may_open(self) -> bool:
        return self.window.session.showing_allowed()

    def _own_window(self, widget: QWidget) -> None:
        from PySide6.QtCore import Qt

        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

    # ----- merging duplicate people ---------------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible-looking step; tests replace this to answer without a modal box."""
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self.window, title, text) == QMessageBox.StandardButton.Yes

    def merge_duplicate(self) -> None:
        w = self.window
        person_id = w.opened_person
        if person_id is None:
            return
        lookup, me, why = w.lookup, w.signed_in_principal(), w.lookup_purpose()
        w.ops.run("merge-open", lambda: lookup.person_detail(person_id, principal=me, purpose=why),
                  self._open_merge_dialog)

    def _open_merge_dialog(self, survivor: PersonDetail) -> None:
        w = self.window
        lookup, principal, why = w.lookup, w.principal, w.lookup_purpose()
        if principal is None or not self._may_open():
            return
        from triage_desk.ui.merge_dialog import MergeDialog

        def merge(keep: str, gone: str) -> MergeSummary:
            return lookup.merge_persons(keep, gone, principal=principal)

        dialog = MergeDialog(
            w.ops, survivor,
            lambda text, dob, postcode: lookup.search_text(text, dob=dob, postcode=postcode,
                                                           principal=principal, purpose=why),
            lambda person_id: lookup.person_detail(person_id, principal=principal, purpose=why), merge, w,
        )
        dialog.accepted.connect(lambda: self._after_merge(survivor.id))
        self.merge_dialog = dialog
        dialog.open()

    def _after_merge(self, survivor_id: str) -> None:
        w = self.window
        w.statusBar().showMessage("Records merged. Person ▸ Undo merge reverses it.", 10_000)
        w.refresh()
        w.choose_person(survivor_id)

    def undo_merge(self) -> None:
        w = self.window
        person_id = w.opened_person
        if person_id is None:
            return
        lookup, me = w.lookup, w.signed_in_principal()
        w.ops.run("merge-find", lambda: lookup.last_merge_into(person_id, principal=me), self._confirm_undo)

    def _confirm_undo(self, merge: MergeSummary | None) -> None:
        w = self.window
        if not self._may_open():
            return
        if merge is None:
            w.statusBar().showMessage("No merge into this person to undo.", 10_000)
            return
        if not self.confirm("Undo merge", "Undo the last merge into this person? The other record "
                            "gets back exactly the contacts, warnings and plans it had."):
            return
        lookup, principal = w.lookup, w.principal
        if principal is None:
            return
        w.ops.run("merge", lambda: lookup.undo_merge(merge.merge_id, principal=principal),
                  lambda _summary: self._after_merge(merge.survivor_id))

    # ----- who has looked at a person -------------------------------------------------------------
    def show_access_history(self) -> None:
        w = self.window
        app, principal, person_id = w.app, w.principal, w.opened_person
        if app is None or principal is None or person_id is None:
            return
        from triage_desk.ui.access_history_dialog import AccessHistoryDialog

        dialog = AccessHistoryDialog(w.people.label_for(person_id) or "this person",
                                     w.config.settings.timezone, w)
        self._own_window(dialog)
        self.access_dialog = dialog

        def shown(entries: list[AccessEntry]) -> None:
            if shiboken6.isValid(dialog):  # closed before the list arrived: nothing to show
                dialog.set_entries(entries)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(dialog):
                dialog.close()
            show_error(w, exc)

        w.ops.run("access-history", lambda: app.audit.who_accessed(principal, person_id), shown, failed)
        dialog.open()

    # ----- reports and reference data -------------------------------------------------------------
    def show_summary(self) -> None:
        """The shift summary in its own window: supervisors keep it on a second monitor."""
        w = self.window
        app, principal = w.app, w.principal
        if app is None or principal is None:
            return
        from PySide6.QtCore import Qt

        from triage_desk.ui.reports.summary_view import ShiftSummaryView

        view = ShiftSummaryView(app.reports(), principal=principal)
        view.setParent(w, Qt.WindowType.Window)
        self._own_window(view)
        view.setWindowTitle("Triage Desk — shift summary")
        view.resize(1200, 860)
        view.open_record_requested.connect(self._open_from_summary)
        self.summary_view = view
        view.show()

    def _open_from_summary(self, contact_id: str) -> None:
        self.window.activateWindow()
        self.window.open_contact(contact_id)

    def show_services_directory(self) -> None:
        """The local services directory: supervisors edit it; everyone else reads it."""
        w = self.window
        app, principal = w.app, w.principal
        if app is None or principal is None:
            return
        from triage_desk.ui.guidance.services_editor import ServicesEditor

        def opened(service: object) -> None:
            if not self._may_open():
                return
            editor = ServicesEditor(service, principal, w)  # type: ignore[arg-type]
            self._own_window(editor)
            self.services_editor = editor
            editor.open()

        w.ops.run("services-directory", app.guidance, opened)

    # ----- sync quarantine and accounts -----------------------------------------------------------
    def show_quarantine(self) -> None:
        """Changes the hub rejected or that conflicted, to resolve (the sync service checks the role)."""
        w = self.window
        app, principal = w.app, w.principal
        if app is None or principal is None:
            return
        from triage_desk.services.sync_service import SyncService
        from triage_desk.ui.sync.quarantine_dialog import QuarantineDialog

        dialog = QuarantineDialog(SyncService(app.db, app.settings), principal, w,
                                  zone=w.config.settings.timezone)
        self._own_window(dialog)
        dialog.finished.connect(lambda _code: w.sync is not None and w.sync.refresh())
        self.quarantine_dialog = dialog
        dialog.open()

    def show_users(self) -> None:
        """The desk's accounts (the auth service checks the admin role)."""
        w = self.window
        app, principal = w.app, w.principal
        if app is None or principal is None:
            return
        from triage_desk.ui.users_dialog import UsersDialog

        dialog = UsersDialog(w.ops, app.auth, principal, w.config.settings.timezone, w)
        self._own_window(dialog)
        self.users_dialog = dialog
        dialog.open()
