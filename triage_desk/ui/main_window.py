"""The main window, laid out for the job: People on the left, the Record in the centre, Guidance right.

Every database read goes through :class:`BackgroundOps`; this class only decides what to load
when, and where the answer goes.

Start-up: the window first paints its sign-in page, and only then builds the panels. Qt classes the
first paint does not need (and Qt's enum namespace, which PySide takes ~20 ms to build) are imported
where they are used, so the window appears almost as fast as a bare Qt window.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from triage_desk import __version__
from triage_desk.domain.errors import TriageDeskError
from triage_desk.services.config import AppConfig
from triage_desk.ui import themes
from triage_desk.ui.errors import show_error
from triage_desk.ui.layout_state import LayoutState
from triage_desk.ui.menus import build_menus
from triage_desk.ui.oversight import Oversight
from triage_desk.ui.session.session_controller import SessionController
from triage_desk.ui.status_labels import build_status_labels, counts_text
from triage_desk.ui.workers import BackgroundOps

if TYPE_CHECKING:  # the services (and SQLAlchemy) load on a worker after the window is shown
    from PySide6.QtGui import QCloseEvent

    from triage_desk.domain.principal import Principal
    from triage_desk.domain.purpose import Purpose
    from triage_desk.domain.records import ContactSummary, DatabaseCounts
    from triage_desk.services.app import AppServices
    from triage_desk.ui.contact_workspace import ContactWorkspace
    from triage_desk.ui.forms.form_panel import FormPanel
    from triage_desk.ui.sync.controller import SyncController

log = logging.getLogger(__name__)

RECENT_CONTACTS = 500
RECENT_PEOPLE = 1000
_DEFAULT_SIZES = [450, 760, 390]  # proportions; the splitter scales them to the window


class MainWindow(QMainWindow):
    loaded = Signal()  # every initial read has been delivered (tests and selftest wait for it)

    def __init__(self, config: AppConfig, parent: QWidget | None = None) -> None:
        """The window is built from the cheap config only; :meth:`attach` brings the database."""
        # The theme first: widgets created after the style sheet is set are styled once, not
        # created plain and then re-polished.
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            themes.apply_theme(qapp, config.settings.theme)
        super().__init__(parent)
        self.config = config
        self.app: AppServices | None = None
        self.purpose: Purpose | None = None  # why look-ups happen now: incident ref and/or reason
        self.ops = BackgroundOps(self)
        self.ops.idle.connect(self._maybe_loaded)
        self.layout_state = LayoutState(config.paths.ui_state_file)
        self._person_filter: tuple[str, str] | None = None  # (person id, label) shown in the centre
        self._guidance_person: str | None = None
        self.opened_person: str | None = None  # opened from the lookup: what Merge/Undo act on
        self.setWindowTitle("Triage Desk")

        self.built = False  # the workspace (panels) is built just after the window first shows
        self.workspace: ContactWorkspace | None = None  # the forms engine: once the database is open
        self.workspace_page = QWidget(self)
        self._workspace_layout = QVBoxLayout(self.workspace_page)
        self._workspace_layout.setContentsMargins(0, 0, 0, 0)
        self._workspace_layout.setSpacing(0)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.workspace_page)
        self.setCentralWidget(self.stack)
        # The sign-in page covers everything until someone signs in (and again on lock).
        self.session = SessionController(self, self.ops, self.stack, self.workspace_page,
                                         config.settings.idle_lock_minutes)
        self.session.principal_changed.connect(self._principal_changed)
        self.session.lock_changed.connect(self._lock_changed)
        self.sync: SyncController | None = None  # started with the database when a hub is set
        self.oversight = Oversight(self)  # supervisor and admin tools (before the menus that call them)
        self.actions_ = build_menus(self)
        self.database_label, self.user_label, self.counts_label, self.sync_label = build_status_labels(
            self.statusBar(), config.paths.database, config.settings.hub_url
        )
        self._lock_changed(True)

        self._show_theme(config.settings.theme)
        self._restore_geometry()
        # The panels are built two event-loop turns from now: whoever made the window shows it
        # first, so the sign-in page is painted before them. (Not a showEvent override: PySide
        # would build its QEvent classes, ~2 ms, before the first paint to deliver it.)
        QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self.build_workspace))

    def build_workspace(self) -> None:
        """The three panels, built once: after the first paint of the sign-in page (or at attach).

        The first thing anyone sees is the sign-in page, so the window shows without waiting for
        the panels; they are ready long before a password has been typed.
        """
        if self.built:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter

        from triage_desk.ui.demo_banner import DemoBanner
        from triage_desk.ui.panel_splitter import PanelSplitter
        from triage_desk.ui.panels.contact_tabs import ContactTabs
        from triage_desk.ui.panels.guidance_panel import GuidancePanel
        from triage_desk.ui.panels.pathway_host import PathwayHost
        from triage_desk.ui.panels.people_panel import PeoplePanel
        from triage_desk.ui.panels.record_panel import RecordPanel
        from triage_desk.ui.person_links import PersonLinks

        self.built = True
        self.banner = DemoBanner(self)
        self.people = PeoplePanel(self.ops, self._search, self)
        self.people.setEnabled(False)  # until someone signs in
        self.record = RecordPanel(self.config.settings.timezone, self)
        self.tabs = ContactTabs(self.record, self)
        self.guidance = GuidancePanel(self)
        self.pathways = PathwayHost(self)
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.guidance)  # safety first: what to know before speaking
        self.right.addWidget(self.pathways)
        self.right.setStretchFactor(0, 2)
        self.right.setStretchFactor(1, 3)
        self.right.setChildrenCollapsible(False)
        self.splitter = PanelSplitter([self.people, self.tabs, self.right], _DEFAULT_SIZES, self)
        self.splitter.setStretchFactor(1, 1)
        self.links = PersonLinks(self)
        self.links.linked.connect(self._record_linked)
        self.tabs.panel_closed.connect(lambda cid: self.links.person_of.pop(cid, None))
        self._workspace_layout.addWidget(self.banner)
        self._workspace_layout.addWidget(self.splitter, 1)

        self.splitter.collapsed_changed.connect(self._panel_collapsed)
        self.people.person_chosen.connect(self.choose_person)
        self.record.contact_selected.connect(self._contact_selected)
        self.record.contact_opened.connect(self.open_contact)
        self.record.show_all_requested.connect(self.show_all_contacts)
        self.people.purpose.textChanged.connect(lambda _text: self._update_purpose())
        self.people.lookup.refusal = self.search_refusal
        QWidget.setTabOrder(self.people.purpose, self.people.search)
        QWidget.setTabOrder(self.people.search, self.people.table)
        QWidget.setTabOrder(self.people.table, self.record.table)
        QWidget.setTabOrder(self.record.table, self.record.detail)
        count = len(_DEFAULT_SIZES)
        self.splitter.restore(self.layout_state.panel_sizes(count), self.layout_state.collapsed(count))
        self._apply_theme_to_panels()
        self._lock_changed(self.session.locked or self.session.principal is None)

    @classmethod
    def with_services(
        cls, app: AppServices, parent: QWidget | None = None, *, principal: Principal | None = None
    ) -> MainWindow:
        """A window with its database already open (tests, selftest), signed in if ``principal``."""
        window = cls(AppConfig(app.paths, app.settings), parent)
        window.attach(app)
        if principal is not None:
            window.session.sign_in_as(principal)
        return window

    def attach(self, app: AppServices) -> None:
        """The database is open: offer sign-in, and load the forms and rules in the background."""
        from triage_desk.ui.contact_workspace import ContactWorkspace  # the forms engine, after show

        self.build_workspace()
        self.app = app
        self.lookup = app.lookup()
        self.database_label.setText(f"Database: {app.database_label}")
        self.database_label.setToolTip(app.database_label)
        self.workspace = ContactWorkspace(self.ops, self.tabs, self.pathways, self)
        self.workspace.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.workspace.record_signed.connect(lambda _cid: self.refresh())
        self.workspace.current_changed.connect(self._current_record_changed)
        self.workspace.ready.connect(self._forms_ready)
        self.workspace.current_answers_changed.connect(self._update_purpose)
        self.workspace.attach(app)
        self.session.attach(app)
        self._start_sync(app)

    def _start_sync(self, app: AppServices) -> None:
        """Background sync on a worker when a hub is configured (also while locked), in the status bar."""
        from triage_desk.ui.sync.controller import SyncController

        sync = self.sync = SyncController.for_app(app, self)
        sync.status_text.connect(self.sync_label.setText)
        # A first sync from a large hub can take a while: it can be stopped and carries on next time.
        sync.status_text.connect(lambda _text: self.actions_.cancel_sync.setEnabled(sync.running))
        sync.start()
        self.actions_.sync_now.setEnabled(sync.hub_configured)

    def demo_loaded(self) -> None:
        """First run filled the database with demo data (and its accounts): say so everywhere."""
        self.banner.setVisible(True)
        self.session.refresh_demo_accounts()
        self.refresh()

    @property
    def principal(self) -> Principal | None:
        return self.session.principal

    def _principal_changed(self, principal: Principal | None) -> None:
        if self.workspace is not None:
            self.workspace.set_principal(principal)
        self.user_label.setText(
            f"Signed in: {principal.display_name} ({principal.role.value})" if principal else "Not signed in"
        )
        if principal is None:
            self._clear_patient_data()
            return
        self.people.setEnabled(True)
        self.refresh()
        if self.workspace is not None:
            self.workspace.offer_drafts()
        self.people.focus_search()

    def _clear_patient_data(self) -> None:
        """Nothing of the previous user's session stays in memory-backed views."""
        self.actions_.show_all_contacts.setEnabled(False)
        self.counts_label.clear()
        self.people.setEnabled(False)
        self.people.clear()
        self.record.set_contacts([], "", filtered=False)
        self.record.detail.clear()
        self.guidance.set_safety(None)
        self._person_filter = None
        self._guidance_person = None
        self.opened_person = None
        self._update_person_actions()

    def _lock_changed(self, locked: bool) -> None:
        self.actions_.show_session(locked=locked, signed_in=self.session.principal is not None)
        self._update_person_actions()
        self._forms_ready()

    def _forms_ready(self) -> None:
        ready = self.workspace is not None and self.workspace.is_ready and not self.session.locked
        self.actions_.set_forms(self.workspace.form_titles if self.workspace else {},
                                ready and self.session.principal is not None)

    # ----- records in the centre -----------------------------------------------------------------
    def new_contact(self, form_id: str = "triage-contact") -> None:
        if self.workspace is not None:
            self.workspace.new_contact(form_id)

    def open_contact(self, contact_id: str) -> None:
        if self.workspace is not None:
            self.workspace.open_contact(contact_id)

    def resume_drafts(self) -> None:
        if self.workspace is not None:
            self.workspace.offer_drafts()

    def close_record_tab(self) -> None:
        self.tabs.close_current()

    def _current_record_changed(self, panel: FormPanel | None) -> None:
        self._update_purpose()
        self._update_person_actions()
        if panel is None:
            return
        person_id = self.links.person_of.get(panel.contact_id)
        if person_id:
            self._show_person_of_record(person_id)
        else:
            # Not linked (yet): nobody's warnings may show beside it as if they were this person's,
            # including a read for the previous tab's person that is still on its way.
            self._clear_person_guidance()
            self.links.load_link(panel.contact_id)

    def _record_linked(self, contact_id: str, person_id: str) -> None:
        panel = self.tabs.current_panel()
        if panel is not None and panel.contact_id == contact_id:
            self._show_person_of_record(person_id)

    def _show_person_of_record(self, person_id: str) -> None:
        self._load_guidance(person_id)
        self._load_history(person_id)

    # ----- purpose of a look-up (Caldicott: every look-up is justified and audited) --------------
    def current_incident_ref(self) -> str:
        if self.workspace is None:
            return ""
        return str(self.workspace.current_answers().get("incident_ref") or "").strip()

    def _update_purpose(self) -> None:
        """Read on the UI thread, whenever the reason or the open record changes; searches use it."""
        from triage_desk.services.audit import require_purpose

        incident = self.current_incident_ref() or None
        reason = self.people.purpose.text().strip() or None
        try:
            self.purpose = require_purpose(incident, reason)
            problem = ""
        except TriageDeskError as exc:
            self.purpose = None
            problem = exc.message if (incident or reason) else ""
        self.people.show_purpose(incident, problem)

    def search_refusal(self) -> str | None:
        """Why a look-up may not run now (no purpose), or None; the People panel asks before searching."""
        if self.purpose is None:
            return ("Give a reason for this look-up above, or type the incident reference in the open "
                    "contact. Every look-up is recorded with its purpose.")
        return None

    def _search(self, text: str, dob: str, postcode: str):  # type: ignore[no-untyped-def]
        # Runs on a worker; the panel is disabled until attach(), so the lookup exists by then.
        return self.lookup.search_text(text, dob=dob, postcode=postcode, principal=self.signed_in_principal(),
                                       purpose=self.lookup_purpose())

    def signed_in_principal(self) -> Principal:
        """The principal for a service call; the services refuse a call from nobody."""
        principal = self.principal
        if principal is None:
            from triage_desk.domain.errors import PermissionDeniedError

            raise PermissionDeniedError("Sign in to look up or open a person's record.")
        return principal

    def lookup_purpose(self) -> Purpose:
        """The purpose of reads now (possibly none: the service then refuses what needs one)."""
        from triage_desk.domain.purpose import Purpose

        return self.purpose if self.purpose is not None else Purpose(None, None)

    def _maybe_loaded(self) -> None:
        if self.app is not None:
            self.loaded.emit()

    # ----- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        app = self.app
        if app is None or self.principal is None:
            return
        self.ops.run("overview", lambda: (app.counts(), app.is_demo), self._show_overview)
        self.ops.run("people", lambda: app.recent_people(RECENT_PEOPLE), self.people.set_people)
        self._load_contacts()
        if self._guidance_person:
            self._load_guidance(self._guidance_person)

    def _load_contacts(self) -> None:
        app = self.app
        if app is None or self.principal is None:
            return
        if self._person_filter is None:
            self.ops.run(
                "contacts",
                lambda: app.recent_contacts(RECENT_CONTACTS),
                lambda rows: self._show_contacts(rows, None),
            )
        else:
            person_id, label = self._person_filter
            me = self.signed_in_principal()
            self.ops.run(
                "contacts",
                lambda: app.person_contacts(person_id, principal=me),
                lambda rows: self._show_contacts(rows, label),
            )

    def _show_contacts(self, rows: list[ContactSummary], person_label: str | None) -> None:
        if person_label is None:
            heading = f"The {len(rows):,} most recent contacts, newest first"
        else:
            heading = f"Contacts for {person_label}: {len(rows):,}"
        self.record.set_contacts(rows, heading, filtered=person_label is not None)
        self.actions_.show_all_contacts.setEnabled(person_label is not None)

    def _show_overview(self, result: tuple[DatabaseCounts, bool]) -> None:
        counts, is_demo = result
        self.banner.setVisible(is_demo)
        self.counts_label.setText(counts_text(counts))
        self.guidance.set_counts(counts)

    def _clear_person_guidance(self) -> None:
        self.ops.discard("guidance", "history")
        self._guidance_person = None
        self.guidance.set_safety(None)

    def _load_guidance(self, person_id: str) -> None:
        app = self.app
        if app is None or self.principal is None:
            return
        if self.search_refusal():  # a person's warnings and plan are their record: purpose first
            self._clear_person_guidance()
            self.guidance.person_heading.setText(
                "Give the incident reference (in the record) or a reason (left) to see this person's "
                "warnings and response plan.")
            return
        self._guidance_person = person_id
        me = self.signed_in_principal()
        self.ops.run("guidance", lambda: app.person_safety(person_id, principal=me), self.guidance.set_safety)

    def _load_history(self, person_id: str) -> None:
        if self.search_refusal():
            return
        lookup = self.lookup
        me, why = self.signed_in_principal(), self.lookup_purpose()
        self.ops.run("history", lambda: lookup.person_detail(person_id, principal=me, purpose=why),
                     self.guidance.set_history, self._refused)

    def choose_person(self, person_id: str) -> None:
        """Open a person: their contacts in the centre, warnings, plan and history on the right."""
        refused = self.search_refusal()
        if refused:  # opening someone's record is a look-up too, and needs its purpose
            self._refused_text(refused, focus=True)
            return
        label = self.people.label_for(person_id) or "the chosen person"
        self._person_filter = (person_id, label)
        self.opened_person = person_id
        self._update_person_actions()
        self._load_contacts()
        self._load_guidance(person_id)
        self._load_history(person_id)
        self.show_panel(2, True)

    def _refused_text(self, text: str, *, focus: bool = False) -> None:
        self.statusBar().showMessage(text, 10_000)
        self.people.show_purpose(None, text)
        if focus:  # only when the user asked; a background read must not move the cursor
            self.people.purpose.setFocus()

    def _refused(self, exc: BaseException) -> None:
        """A read the service refused (no purpose, no permission): say why where the user looks."""
        if isinstance(exc, TriageDeskError):
            self._refused_text(exc.message)
        else:
            show_error(self, exc)

    def _detail_refused(self, exc: BaseException) -> None:
        if isinstance(exc, TriageDeskError):
            self.record.detail.setPlainText(f"Not shown: {exc.message}")
        else:
            show_error(self, exc)

    def show_all_contacts(self) -> None:
        self._person_filter = None
        self._load_contacts()

    def _contact_selected(self, contact_id: str, person_id: str) -> None:
        app = self.app
        # Only the nurse's own choice in the Contacts list reads (and audits) a record: never a
        # refresh, and never while a record tab (with its own person) is in front.
        if app is None or self.principal is None or self.tabs.current_panel() is not None:
            return
        me, why = self.signed_in_principal(), self.lookup_purpose()
        self.ops.run("detail", lambda: app.contact_detail(contact_id, principal=me, purpose=why),
                     self.record.show_detail, self._detail_refused)
        if person_id:
            self._load_guidance(person_id)
            self._load_history(person_id)
        else:
            self._clear_person_guidance()

    def _update_person_actions(self) -> None:
        if self.built:
            self.actions_.show_permissions(
                None if self.session.locked else self.principal, has_person=self.opened_person is not None,
                has_record=self.tabs.current_panel() is not None)

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()  # no hub: the status bar already says so (and the action is off)

    def cancel_sync(self) -> None:
        if self.sync is not None:
            self.sync.cancel()

    # ----- session -------------------------------------------------------------------------------
    def lock_now(self) -> None:
        self.session.lock()

    def sign_out(self) -> None:
        if self.workspace is not None:
            self.workspace.shutdown()  # every draft written before the next person sees the desk
        self.session.sign_out()

    # ----- reference ------------------------------------------------------------------------------
    def link_contact(self) -> None:
        if self.built:
            self.links.link_current()

    def new_person_from_contact(self) -> None:
        if self.built:
            self.links.new_person_from_current()

    def show_quickref(self) -> None:
        view = self.pathways.view if self.built else None
        if view is not None:
            view.show_quickref(None)
        else:
            self.statusBar().showMessage("The quick reference is still loading.", 5000)

    # ----- view actions --------------------------------------------------------------------------
    def focus_people(self) -> None:
        self.show_panel(0, True)
        self.people.focus_search()

    def focus_records(self) -> None:
        self.show_panel(1, True)
        self.record.focus_table()

    def focus_guidance(self) -> None:
        self.show_panel(2, True)
        self.guidance.focus_warnings()

    def show_panel(self, index: int, visible: bool) -> None:
        self.build_workspace()
        self.splitter.set_collapsed(index, not visible)

    def _panel_collapsed(self, index: int, collapsed: bool) -> None:
        self.actions_.panel_toggles[index].setChecked(not collapsed)

    def set_theme(self, name: str, *, save: bool = True) -> None:
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            themes.apply_theme(qapp, name)
        self._show_theme(name)
        if save and self.config.settings.theme != name:
            self.config.settings.theme = name
            self.ops.run("save-settings", self.config.save_settings, lambda _result: None)

    def _show_theme(self, name: str) -> None:
        """The View menu and the panels follow the theme now applied to the application."""
        self.actions_.night_theme.setChecked(name == "night")
        self.actions_.day_theme.setChecked(name != "night")
        self._apply_theme_to_panels()

    def _apply_theme_to_panels(self) -> None:
        if not self.built:
            return
        # Row heights follow the theme's font size; alert colours are read when painting.
        # After the style sheet has re-polished the views (next event-loop turn).
        from triage_desk.ui.panels.common import fit_rows_to_font

        QTimer.singleShot(0, lambda: [fit_rows_to_font(v) for v in (self.people.table, self.record.table)])
        self.guidance.warnings.viewport().update()
        if self.pathways.view is not None:
            self.pathways.view.restyle()

    def toggle_night(self) -> None:
        self.set_theme("day" if themes.current_theme() == "night" else "night")

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.showMaximized()
        else:
            self.showFullScreen()
        self.actions_.full_screen.setChecked(self.isFullScreen())

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.config.paths.data_dir)))

    def show_shortcuts(self) -> None:
        from triage_desk.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About Triage Desk",
            f"<b>Triage Desk {__version__}</b><br>Structured triage records, history lookup and pathway "
            f"guidance for mental health professionals.<br><br>Database: {self.config.paths.database}",
        )

    # ----- layout persistence --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.layout_state.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            # First run: fill the screen; a control-room desk has no use for a small window.
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.availableGeometry())

    def save_layout(self) -> None:
        if not self.built:  # closed before the panels existed: keep their stored sizes as they were
            count = len(_DEFAULT_SIZES)
            sizes = self.layout_state.panel_sizes(count) or _DEFAULT_SIZES
            self.layout_state.save(self.saveGeometry(), sizes, self.layout_state.collapsed(count))
            return
        splitter = self.splitter
        self.layout_state.save(self.saveGeometry(), splitter.expanded_sizes(), splitter.collapsed_flags())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sync is not None:
            self.sync.shutdown()  # a running sync ends (and commits or rolls back) before the database closes
        if self.workspace is not None:
            self.workspace.shutdown()  # the last second of typing is written before the database closes
        self.save_layout()
        # Let running reads finish before whoever owns the database closes it.
        if not self.ops.wait_for_done(10_000):
            log.warning("background work still running at close")
        super().closeEvent(event)
