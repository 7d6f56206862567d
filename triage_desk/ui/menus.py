"""The main window's menus. Every action has a shortcut or a mnemonic; none is a placeholder.

While the sign-in or lock page shows, only File ▸ Quit and Help work (``session_bound`` and
``data_menus`` are switched off by the window), so no menu reaches patient data round the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.ui.main_window import MainWindow

PANEL_NAMES = ("People", "Record", "Guidance")


@dataclass
class WindowActions:
    new_contact: QAction
    new_form_menu: QMenu
    resume_drafts: QAction
    close_record: QAction
    lock: QAction
    sign_out: QAction
    summary: QAction
    quickref: QAction
    link_contact: QAction
    access_history: QAction
    users: QAction
    sync_now: QAction
    cancel_sync: QAction
    quarantine: QAction
    services_directory: QAction
    new_person: QAction
    session_bound: list[QAction]  # off while nobody is signed in or the desk is locked
    data_menus: list[QMenu]  # hidden likewise
    open_data_folder: QAction
    quit: QAction
    focus_people: QAction
    focus_records: QAction
    focus_guidance: QAction
    show_all_contacts: QAction
    panel_toggles: list[QAction]
    day_theme: QAction
    night_theme: QAction
    refresh: QAction
    merge_duplicate: QAction
    undo_merge: QAction
    full_screen: QAction
    shortcuts: QAction
    about: QAction

    def show_session(self, *, locked: bool, signed_in: bool) -> None:
        """While the sign-in or lock page shows, only File ▸ Quit and Help work: no way round it."""
        for action in self.session_bound:
            action.setEnabled(not locked)
        for menu in self.data_menus:
            menu.menuAction().setVisible(not locked)
        self.lock.setEnabled(not locked)
        self.sign_out.setEnabled(signed_in)

    def show_permissions(self, principal: Principal | None, *, has_person: bool, has_record: bool) -> None:
        """Grey out what the signed-in role may not do (the services refuse it anyway)."""
        from triage_desk.services.access import Permission, allowed  # after the first paint

        def may(permission: Permission) -> bool:
            return principal is not None and allowed(principal, permission)

        self.merge_duplicate.setEnabled(has_person and may(Permission.MERGE))
        self.undo_merge.setEnabled(has_person and may(Permission.MERGE))
        self.access_history.setEnabled(has_person and may(Permission.REVIEW_ACCESS_AUDIT))
        self.summary.setEnabled(may(Permission.EXPORT))
        self.users.setEnabled(may(Permission.MANAGE_USERS))
        self.quarantine.setEnabled(may(Permission.RESOLVE_CONFLICTS))
        self.link_contact.setEnabled(principal is not None and has_record and has_person)
        self.new_person.setEnabled(principal is not None and has_record)

    def set_forms(self, titles: dict[str, str], enabled: bool) -> None:
        """File ▸ New contact, and New other record ▸ one entry per form, once the forms have loaded."""
        self.new_contact.setEnabled(enabled)
        menu = self.new_form_menu
        if not menu.actions() and titles:
            window = menu.parent()
            for number, (form_id, title) in enumerate(titles.items(), start=1):
                action = menu.addAction(f"&{number} {title}")
                action.triggered.connect(lambda _checked=False, f=form_id: window.new_contact(f))  # type: ignore[union-attr]
        menu.setEnabled(enabled and bool(titles))


def _action(
    window: MainWindow, text: str, slot: Callable[..., object], *shortcuts: QKeySequence | str
) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(slot)
    # On the window too, so shortcuts work even when the menu bar is hidden (full screen).
    window.addAction(action)
    return action


def build_menus(w: MainWindow) -> WindowActions:
    bar = w.menuBar()

    file_menu = bar.addMenu("&File")
    # Every call starts here: one key, the Triage Contact Record (F1), cursor in its first field.
    new_contact = _action(w, "&New contact (Triage Contact Record)", lambda: w.new_contact(), "Ctrl+N")
    new_contact.setEnabled(False)
    new_form_menu = QMenu("New &other record", w)
    new_form_menu.setEnabled(False)
    resume = _action(w, "&Resume unsigned drafts…", w.resume_drafts, "Ctrl+Shift+D")
    close_record = _action(w, "&Close record tab (draft kept)", w.close_record_tab, "Ctrl+W")
    sync_now = _action(w, "S&ync now", w.sync_now, "F9")
    sync_now.setEnabled(False)
    cancel_sync = _action(w, "Stop the running s&ync (it carries on next time)", w.cancel_sync, "Shift+F9")
    cancel_sync.setEnabled(False)
    lock = _action(w, "&Lock desk", w.lock_now, "Ctrl+Alt+L")
    sign_out = _action(w, "&Switch user / sign out", w.sign_out, "Ctrl+Shift+Q")
    open_folder = _action(w, "&Open data folder", w.open_data_folder, "Ctrl+Shift+O")
    quit_action = _action(w, "&Quit", w.close, "Ctrl+Q")
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    file_menu.addAction(new_contact)
    file_menu.addMenu(new_form_menu)
    file_menu.addAction(resume)
    file_menu.addAction(close_record)
    file_menu.addSeparator()
    file_menu.addAction(sync_now)
    file_menu.addAction(cancel_sync)
    file_menu.addSeparator()
    file_menu.addAction(lock)
    file_menu.addAction(sign_out)
    file_menu.addSeparator()
    file_menu.addAction(open_folder)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)

    view = bar.addMenu("&View")
    # F6–F8, not digits: inside a record Ctrl+1…4 stamp the timings and Alt+… jump to sections.
    focus_people = _action(w, "Focus &people search", w.focus_people, "Ctrl+L", "F6")
    focus_records = _action(w, "Focus &record list", w.focus_records, "F7")
    focus_guidance = _action(w, "Focus &guidance", w.focus_guidance, "F8")
    show_all = _action(w, "Show &all recent contacts", w.show_all_contacts, "Ctrl+Shift+A")
    show_all.setEnabled(False)
    for action in (focus_people, focus_records, focus_guidance, show_all):
        view.addAction(action)
    view.addSeparator()
    panels = view.addMenu("Pa&nels")
    toggles = []
    for index, name in enumerate(PANEL_NAMES):
        toggle = _action(w, f"Show &{name} panel", lambda checked, i=index: w.show_panel(i, checked),
                         f"Ctrl+Shift+{index + 1}")
        toggle.setCheckable(True)
        toggle.setChecked(True)
        panels.addAction(toggle)
        toggles.append(toggle)
    view.addSeparator()
    group = QActionGroup(w)
    group.setExclusive(True)
    day = _action(w, "&Day theme", lambda: w.set_theme("day"))
    # Ctrl+Shift+N flips night on and off: one key to remember in the dark.
    night = _action(w, "&Night theme (high contrast)", w.toggle_night, "Ctrl+Shift+N")
    for action in (day, night):
        action.setCheckable(True)
        group.addAction(action)
        view.addAction(action)
    view.addSeparator()
    refresh = _action(w, "Re&fresh", w.refresh, "F5")
    full_screen = _action(w, "F&ull screen", w.toggle_full_screen, "F11")
    full_screen.setCheckable(True)
    view.addAction(refresh)
    view.addAction(full_screen)

    person = bar.addMenu("&Person")
    link = _action(w, "&Link this contact to the open person", w.link_contact, "Ctrl+Shift+K")
    new_person = _action(w, "&New person from this contact", w.new_person_from_contact, "Ctrl+Shift+P")
    for action in (link, new_person):
        action.setEnabled(False)
        person.addAction(action)
    person.addSeparator()
    # Supervisors only; enabled while a person is open (the services refuse anyone else anyway).
    tools = w.oversight
    merge = _action(w, "&Merge duplicate…", tools.merge_duplicate, "Ctrl+Shift+M")
    undo_merge = _action(w, "&Undo merge", tools.undo_merge, "Ctrl+Shift+U")
    access_history = _action(w, "&Who has looked at this person…", tools.show_access_history, "Ctrl+Shift+H")
    for action in (merge, undo_merge, access_history):
        action.setEnabled(False)
        person.addAction(action)

    reports = bar.addMenu("&Reports")
    summary = _action(w, "&Shift summary…", tools.show_summary, "Ctrl+Shift+R")
    summary.setEnabled(False)
    reports.addAction(summary)

    admin = bar.addMenu("&Admin")
    users = _action(w, "&User accounts…", tools.show_users, "Ctrl+Shift+F12")
    users.setEnabled(False)
    admin.addAction(users)
    quarantine = _action(w, "Sync &conflicts and rejected changes…", tools.show_quarantine, "Ctrl+Shift+J")
    quarantine.setEnabled(False)
    admin.addAction(quarantine)

    help_menu = bar.addMenu("&Help")
    quickref = _action(w, "&Quick reference (law and guidance)", w.show_quickref, "F2")
    shortcuts = _action(w, "&Keyboard shortcuts", w.show_shortcuts, "F1")
    about = _action(w, "&About Triage Desk", w.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(quickref)
    # Reference for everyone; supervisors edit it in the same window (the service checks the role).
    services = _action(w, "Local &services directory…", tools.show_services_directory, "Ctrl+Shift+E")
    help_menu.addAction(services)
    help_menu.addAction(shortcuts)
    help_menu.addAction(about)

    return WindowActions(
        new_contact=new_contact, new_form_menu=new_form_menu, resume_drafts=resume,
        close_record=close_record, lock=lock, sign_out=sign_out, summary=summary, quickref=quickref,
        link_contact=link, new_person=new_person, access_history=access_history,
        session_bound=[new_contact, resume, close_record, open_folder, focus_people, focus_records, show_all,
                       focus_guidance, refresh, quickref, services],
        data_menus=[view, person, reports, admin], users=users, services_directory=services,
        sync_now=sync_now, cancel_sync=cancel_sync, quarantine=quarantine,
        open_data_folder=open_folder, quit=quit_action, focus_people=focus_people,
        focus_records=focus_records, focus_guidance=focus_guidance, show_all_contacts=show_all,
        panel_toggles=toggles, day_theme=day, night_theme=night, refresh=refresh,
        full_screen=full_screen, shortcuts=shortcuts, about=about, merge_duplicate=merge,
        undo_merge=undo_merge,
    )
