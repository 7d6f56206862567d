"""Starting, opening and recovering records, and keeping the pathway guidance beside the current one.

The forms and the pathway rules are read from disk once, on a worker, when the database opens.
Every record is read on a worker too; only then is its tab built, with the record in hand.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from triage_desk.domain.errors import TriageDeskError
from triage_desk.ui.errors import show_error
from triage_desk.ui.forms.form_panel import FormPanel
from triage_desk.ui.forms.recovery_dialog import RecoveryDialog
from triage_desk.ui.guidance.view import GuidanceView
from triage_desk.ui.panels.contact_tabs import ContactTabs
from triage_desk.ui.panels.pathway_host import PathwayHost

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.domain.purpose import Purpose
    from triage_desk.services.app import AppServices
    from triage_desk.services.contact_service import DraftSummary, OpenRecord
    from triage_desk.services.guidance_service import GuidanceService
    from triage_desk.ui.workers import BackgroundOps

log = logging.getLogger(__name__)

DEFAULT_FORM = "triage-contact"


class ContactWorkspace(QObject):
    message = Signal(str)
    record_signed = Signal(str)  # contact id
    ready = Signal()  # forms and rules loaded: New contact works
    current_changed = Signal(object)  # FormPanel | None
    current_answers_changed = Signal()  # the nurse typed into the current record

    def __init__(self, ops: BackgroundOps, tabs: ContactTabs, pathways: PathwayHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.tabs = tabs
        self.pathways = pathways
        self.window = parent
        self.app: AppServices | None = None
        self.principal: Principal | None = None
        self.guidance_service: GuidanceService | None = None
        self.form_titles: dict[str, str] = {}
        self._watched: FormPanel | None = None
        tabs.current_panel_changed.connect(self._current_changed)

    # ----- set-up --------------------------------------------------------------------------------
    def attach(self, app: AppServices) -> None:
        self.app = app

        def load() -> tuple[dict[str, str], GuidanceService]:
            library = app.form_library()
            _ = app.contacts  # builds the evaluators' service while we are off the UI thread
            # One shared service: a directory edit in the editor shows in this view at once.
            return {fid: form.title for fid, form in sorted(library.latest().items())}, app.guidance()

        self.ops.run("forms-load", load, self._loaded)

    def _loaded(self, result: tuple[dict[str, str], GuidanceService]) -> None:
        self.form_titles, self.guidance_service = result
        view = GuidanceView(self.guidance_service, self.pathways)
        view.decision_changed.connect(self._save_decision)
        self.pathways.install(view)
        self._current_changed(self.tabs.current_panel())
        self.ready.emit()

    @property
    def is_ready(self) -> bool:
        return self.guidance_service is not None

    def set_principal(self, principal: Principal | None) -> None:
        """A new user: their drafts are offered; on sign-out every tab is closed (drafts are saved)."""
        if principal is None or (self.principal and principal.user_id != self.principal.user_id):
            self.tabs.close_all()
        self.principal = principal

    # ----- records -------------------------------------------------------------------------------
    def new_contact(self, form_id: str = DEFAULT_FORM) -> None:
        app, principal = self.app, self.principal
        if app is None or principal is None:
            return
        if not self.is_ready:
            self.message.emit("Forms are still loading; try again in a moment.")
            return
        self.ops.run(
            "new-contact",
            lambda: _open_new(app, form_id, principal),
            lambda record: self._show(record),
        )

    def open_contact(self, contact_id: str) -> None:
        app = self.app
        if app is None or self.principal is None:
            return
        existing = self.tabs.panel_for(contact_id)
        if existing is not None:
            self.tabs.show_panel(existing)
            return
        principal, why = self.principal, self.purpose_of_reads()
        self.ops.run(f"open-{contact_id}",
                     lambda: app.contacts.open_record(contact_id, principal=principal, purpose=why),
                     self._show, self._refused)

    def _show(self, record: OpenRecord) -> None:
        app, principal = self.app, self.principal
        if app is None or principal is None or not self._may_show():
            return
        existing = self.tabs.panel_for(record.contact.id)
        if existing is not None:
            self.tabs.show_panel(existing)
            return
        panel = FormPanel(app, record.contact.id, principal, record=record, purpose=self.purpose_of_reads())
        panel.message.connect(self.message)
        panel.signed.connect(self.record_signed)
        # Signing may finish after the nurse has moved to another tab: only the current tab drives guidance.
        panel.signed.connect(lambda _cid, p=panel: self._current_changed(p) if self.tabs.current_panel() is p
                             else None)
        self.tabs.add_panel(panel)

    def _may_show(self) -> bool:
        """A late answer opens no window over the lock screen or for a user who has gone."""
        session = getattr(self.window, "session", None)
        return self.principal is not None and (session is None or not session.locked)

    def purpose_of_reads(self) -> Purpose | None:
        """The window's current purpose (someone else's record is opened only with one)."""
        return getattr(self.window, "purpose", None)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, TriageDeskError):
            self.message.emit(f"Not opened: {exc.message}")
        else:
            show_error(self.window, exc)

    def offer_drafts(self) -> None:
        """After sign-in: the user's unsigned records, offered back (every contact must end signed)."""
        app, principal = self.app, self.principal
        if app is None or principal is None:
            return
        user_id = principal.user_id
        self.ops.run("drafts", lambda: app.contacts.recoverable_drafts(user_id), self._offer)

    def _offer(self, drafts: list[DraftSummary]) -> None:
        app = self.app
        if not self._may_show():
            return
        drafts = [d for d in drafts if self.tabs.panel_for(d.id) is None]
        if not drafts or app is None:
            return
        dialog = RecoveryDialog(drafts, app.settings.timezone, self.window)
        self.recovery_dialog = dialog
        dialog.finished.connect(lambda code: self._recovered(dialog, code))
        dialog.open()

    def _recovered(self, dialog: RecoveryDialog, code: int) -> None:
        self.recovery_dialog = None
        if code == QDialog.DialogCode.Accepted and dialog.chosen:
            self.open_contact(dialog.chosen)

    # ----- guidance beside the current record ----------------------------------------------------
    def _current_changed(self, panel: FormPanel | None) -> None:
        if self._watched is not None:
            # The panel may already be gone (tab closed) or have been signed meanwhile.
            with contextlib.suppress(RuntimeError, TypeError, AttributeError):
                self._watched.controller.answers_changed.disconnect(self._refresh_guidance)
            self._watched = None
        if self.pathways.view is not None:
            self.pathways.view.reset_decision()
        if panel is not None and panel.editor is not None:
            self._watched = panel
            panel.controller.answers_changed.connect(self._refresh_guidance)
            self.pathways.show_view(True)
            self._refresh_guidance()
        elif panel is not None:
            self.pathways.show_view(False, "This record is signed: its decision is in the record itself.")
        else:
            self.pathways.show_view(False)
        self.current_changed.emit(panel)

    def _refresh_guidance(self) -> None:
        panel, view = self._watched, self.pathways.view
        self.current_answers_changed.emit()
        if panel is None or view is None or panel.editor is None:
            return
        view.set_answers(panel.form, panel.controller.answers())

    def _save_decision(self, record: dict[str, Any]) -> None:
        panel, app, service = self._watched, self.app, self.guidance_service
        if panel is None or app is None or service is None:
            return
        contact_id = panel.contact_id
        self.ops.run(
            f"decision-{contact_id}",
            lambda: service.save_decision(app.db, contact_id, record),
            lambda _none: self.message.emit("Decision saved with the record."),
        )

    def current_answers(self) -> dict[str, object]:
        panel = self.tabs.current_panel()
        if panel is None:
            return {}
        return panel.controller.answers() if panel.editor is not None else dict(panel.record.answers)

    def shutdown(self) -> None:
        for panel in self.tabs.panels():
            panel.shutdown()


def _open_new(app: AppServices, form_id: str, principal: Principal) -> OpenRecord:
    stored = app.contacts.start_contact(form_id, principal=principal)
    return app.contacts.open_record(stored.id, principal=principal)
