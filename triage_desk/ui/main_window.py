"""The main window, laid out for the job: People on the left, the Record in the centre, Guidance right.

Every database read goes through :class:`BackgroundOps`; this class only decides what to load
when, and where the answer goes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from triage_desk import __version__
from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.lookup_records import MergeSummary, PersonDetail
from triage_desk.domain.principal import Principal
from triage_desk.domain.purpose import Purpose
from triage_desk.domain.records import ContactSummary, DatabaseCounts
from triage_desk.services.access import Permission, allowed
from triage_desk.services.config import AppConfig
from triage_desk.ui import themes
from triage_desk.ui.demo_banner import DemoBanner
from triage_desk.ui.layout_state import LayoutState
from triage_desk.ui.menus import build_menus
from triage_desk.ui.merge_dialog import MergeDialog
from triage_desk.ui.panel_splitter import PanelSplitter
from triage_desk.ui.panels.common import fit_rows_to_font
from triage_desk.ui.panels.guidance_panel import GuidancePanel
from triage_desk.ui.panels.people_panel import PeoplePanel
from triage_desk.ui.panels.record_panel import RecordPanel
from triage_desk.ui.shortcuts_dialog import ShortcutsDialog
from triage_desk.ui.workers import BackgroundOps

if TYPE_CHECKING:  # the services (and SQLAlchemy) load on a worker after the window is shown
    from triage_desk.services.app import AppServices

log = logging.getLogger(__name__)

RECENT_CONTACTS = 500
RECENT_PEOPLE = 1000
_DEFAULT_SIZES = [450, 760, 390]  # proportions; the splitter scales them to the window


def sync_status_text(hub_url: str) -> str:
    # Honest until the sync engine exists: never suggest that records are being shared.
    return "Sync: hub configured — sync arrives in a later version" if hub_url else "Sync: no hub configured"


def counts_text(counts: DatabaseCounts) -> str:
    return (
        f"{counts.persons:,} people · {counts.contacts_signed:,} signed · "
        f"{counts.contacts_draft:,} drafts · {counts.active_warnings:,} active warnings"
    )


class MainWindow(QMainWindow):
    loaded = Signal()  # every initial read has been delivered (tests and selftest wait for it)

    def __init__(self, config: AppConfig, parent: QWidget | None = None) -> None:
        """The window is built from the cheap config only; :meth:`attach` brings the database."""
        super().__init__(parent)
        self.config = config
        self.app: AppServices | None = None
        self.ops = BackgroundOps(self)
        self.ops.idle.connect(self._maybe_loaded)
        self.layout_state = LayoutState(config.paths.ui_state_file)
        self._person_filter: tuple[str, str] | None = None  # (person id, label) shown in the centre
        self._guidance_person: str | None = None
        self.opened_person: str | None = None  # opened from the lookup: what Merge/Undo act on
        # Who is signed in, and why they are looking people up: set by the sign-in screen and passed
        # to every service call, which checks the permission and writes the audit log.
        self.principal: Principal | None = None
        self.purpose: Purpose = Purpose(None, None)
        self.setWindowTitle("Triage Desk")

        self.banner = DemoBanner(self)
        self.people = PeoplePanel(self.ops, self._search, self)
        self.people.setEnabled(False)  # until the database is open (attach)
        self.record = RecordPanel(config.settings.timezone, self)
        self.guidance = GuidancePanel(self)
        self.splitter = PanelSplitter([self.people, self.record, self.guidance], _DEFAULT_SIZES, self)
        self.splitter.setStretchFactor(1, 1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.actions_ = build_menus(self)
        self._build_status_bar()
        self.splitter.collapsed_changed.connect(self._panel_collapsed)
        self.people.person_chosen.connect(self.choose_person)
        self.record.contact_selected.connect(self._contact_selected)
        self.record.show_all_requested.connect(self.show_all_contacts)
        QWidget.setTabOrder(self.people.search, self.people.table)
        QWidget.setTabOrder(self.people.table, self.record.table)
        QWidget.setTabOrder(self.record.table, self.record.detail)

        self.set_theme(config.settings.theme, save=False)
        self._restore_layout()

    @classmethod
    def with_services(cls, app: AppServices, parent: QWidget | None = None) -> MainWindow:
        """A window with its database already open (tests, selftest)."""
        window = cls(AppConfig(app.paths, app.settings), parent)
        window.attach(app)
        return window

    def attach(self, app: AppServices) -> None:
        """The database is open: name it in the status bar and load every panel."""
        self.app = app
        self.lookup = app.lookup()
        self.people.setEnabled(True)
        self.database_label.setText(f"Database: {app.database_label}")
        self.database_label.setToolTip(app.database_label)
        self.refresh()

    def _search(self, text: str, dob: str, postcode: str):  # type: ignore[no-untyped-def]
        # Runs on a worker; the panel is disabled until attach(), so the lookup exists by then.
        return self.lookup.search_text(
            text, dob=dob, postcode=postcode, principal=self._signed_in(), purpose=self.purpose
        )

    def _signed_in(self) -> Principal:
        """The principal for a service call; the services refuse a call from nobody."""
        if self.principal is None:
            raise PermissionDeniedError("Sign in to look up or open a person's record.")
        return self.principal

    def _maybe_loaded(self) -> None:
        if self.app is not None:
            self.loaded.emit()

    # ----- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        app = self.app
        if app is None:
            return
        self.ops.run("overview", lambda: (app.counts(), app.is_demo), self._show_overview)
        self.ops.run("people", lambda: app.recent_people(RECENT_PEOPLE), self.people.set_people)
        self._load_contacts()
        if self._guidance_person:
            self._load_guidance(self._guidance_person)

    def _load_contacts(self) -> None:
        app = self.app
        if app is None:
            return
        if self._person_filter is None:
            self.ops.run(
                "contacts",
                lambda: app.recent_contacts(RECENT_CONTACTS),
                lambda rows: self._show_contacts(rows, None),
            )
        else:
            person_id, label = self._person_filter
            me = self._signed_in()
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

    def _load_guidance(self, person_id: str) -> None:
        self._guidance_person = person_id
        app = self.app
        if app is None:
            return
        me = self._signed_in()
        self.ops.run("guidance", lambda: app.person_safety(person_id, principal=me), self.guidance.set_safety)

    def _load_history(self, person_id: str) -> None:
        lookup, me, why = self.lookup, self._signed_in(), self.purpose
        self.ops.run("history", lambda: lookup.person_detail(person_id, principal=me, purpose=why),
                     self.guidance.set_history)

    def choose_person(self, person_id: str) -> None:
        """Open a person: their contacts in the centre, warnings, plan and history on the right."""
        label = self.people.label_for(person_id) or "the chosen person"
        self._person_filter = (person_id, label)
        self.opened_person = person_id
        may_merge = self.principal is not None and allowed(self.principal, Permission.MERGE)
        self.actions_.merge_duplicate.setEnabled(may_merge)
        self.actions_.undo_merge.setEnabled(may_merge)
        self._load_contacts()
        self._load_guidance(person_id)
        self._load_history(person_id)
        self.show_panel(2, True)

    def show_all_contacts(self) -> None:
        self._person_filter = None
        self._load_contacts()

    def _contact_selected(self, contact_id: str, person_id: str) -> None:
        app = self.app
        if app is None:
            return
        me, why = self._signed_in(), self.purpose
        self.ops.run("detail", lambda: app.contact_detail(contact_id, principal=me, purpose=why),
                     self.record.show_detail)
        if person_id:
            self._load_guidance(person_id)
            self._load_history(person_id)
        else:
            self._guidance_person = None
            self.guidance.set_safety(None)

    # ----- merging (supervisors) ------------------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        """Ask before an irreversible-looking step; tests replace this to answer without a modal box."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def merge_duplicate(self) -> None:
        person_id = self.opened_person
        if person_id is None:
            return
        lookup, me, why = self.lookup, self._signed_in(), self.purpose
        self.ops.run("merge-open", lambda: lookup.person_detail(person_id, principal=me, purpose=why),
                     self._open_merge_dialog)

    def _open_merge_dialog(self, survivor: PersonDetail) -> None:
        lookup, me, why = self.lookup, self._signed_in(), self.purpose

        def merge(keep: str, gone: str) -> MergeSummary:
            return lookup.merge_persons(keep, gone, principal=me)

        self.merge_dialog = MergeDialog(
            self.ops, survivor,
            lambda text, dob, postcode: lookup.search_text(text, dob=dob, postcode=postcode, principal=me,
                                                           purpose=why),
            lambda person_id: lookup.person_detail(person_id, principal=me, purpose=why), merge, self,
        )
        self.merge_dialog.accepted.connect(lambda: self._after_merge(survivor.id))
        self.merge_dialog.open()

    def _after_merge(self, survivor_id: str) -> None:
        self.statusBar().showMessage("Records merged. Person ▸ Undo merge reverses it.", 10_000)
        self.refresh()
        self.choose_person(survivor_id)

    def undo_merge(self) -> None:
        person_id = self.opened_person
        if person_id is None:
            return
        lookup, me = self.lookup, self._signed_in()
        self.ops.run("merge-find", lambda: lookup.last_merge_into(person_id, principal=me),
                     self._confirm_undo)

    def _confirm_undo(self, merge: MergeSummary | None) -> None:
        if merge is None:
            self.statusBar().showMessage("No merge into this person to undo.", 10_000)
            return
        if not self.confirm("Undo merge", "Undo the last merge into this person? The other record "
                            "gets back exactly the contacts, warnings and plans it had."):
            return
        lookup, me = self.lookup, self._signed_in()
        self.ops.run(
            "merge",
            lambda: lookup.undo_merge(merge.merge_id, principal=me),
            lambda _summary: self._after_merge(merge.survivor_id),
        )

    # ----- status bar ----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.database_label = QLabel(f"Opening database {self.config.paths.database}…", self)
        self.database_label.setAccessibleName("Database in use")
        self.counts_label = QLabel("Loading…", self)
        self.counts_label.setAccessibleName("Record counts")
        self.sync_label = QLabel(sync_status_text(self.config.settings.hub_url), self)
        self.sync_label.setAccessibleName("Sync state")
        bar.addWidget(self.database_label, 1)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.sync_label)

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
        self.splitter.set_collapsed(index, not visible)

    def _panel_collapsed(self, index: int, collapsed: bool) -> None:
        self.actions_.panel_toggles[index].setChecked(not collapsed)

    def set_theme(self, name: str, *, save: bool = True) -> None:
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            themes.apply_theme(qapp, name)
        self.actions_.night_theme.setChecked(name == "night")
        self.actions_.day_theme.setChecked(name != "night")
        # Row heights follow the theme's font size; alert colours are read when painting.
        # After the style sheet has re-polished the views (next event-loop turn).
        QTimer.singleShot(0, lambda: [fit_rows_to_font(v) for v in (self.people.table, self.record.table)])
        self.guidance.warnings.viewport().update()
        if save and self.config.settings.theme != name:
            self.config.settings.theme = name
            self.ops.run("save-settings", self.config.save_settings, lambda _result: None)

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
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.config.paths.data_dir)))

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.menuBar(), self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Triage Desk",
            f"<b>Triage Desk {__version__}</b><br>Structured triage records, history lookup and pathway "
            f"guidance for mental health professionals.<br><br>Database: {self.config.paths.database}",
        )

    # ----- layout persistence --------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.layout_state.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            # First run: fill the screen; a control-room desk has no use for a small window.
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(screen.availableGeometry())
        count = len(_DEFAULT_SIZES)
        self.splitter.restore(self.layout_state.panel_sizes(count), self.layout_state.collapsed(count))

    def save_layout(self) -> None:
        splitter = self.splitter
        self.layout_state.save(self.saveGeometry(), splitter.expanded_sizes(), splitter.collapsed_flags())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        # Let running reads finish before whoever owns the database closes it.
        if not self.ops.wait_for_done(10_000):
            log.warning("background work still running at close")
        super().closeEvent(event)
