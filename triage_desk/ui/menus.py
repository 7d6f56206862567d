"""The main window's menus. Every action has a shortcut or a mnemonic; none is a placeholder.

Only actions that do something today are here: later issues add theirs (New contact, Sync now…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

if TYPE_CHECKING:
    from triage_desk.ui.main_window import MainWindow

PANEL_NAMES = ("People", "Record", "Guidance")


@dataclass
class WindowActions:
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
    open_folder = _action(w, "&Open data folder", w.open_data_folder, "Ctrl+Shift+O")
    quit_action = _action(w, "&Quit", w.close, "Ctrl+Q")
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    file_menu.addAction(open_folder)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)

    view = bar.addMenu("&View")
    focus_people = _action(w, "Focus &people search", w.focus_people, "Ctrl+L", "Ctrl+1")
    focus_records = _action(w, "Focus &record list", w.focus_records, "Ctrl+2")
    focus_guidance = _action(w, "Focus &guidance", w.focus_guidance, "Ctrl+3")
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
    # Supervisors only (Permission.MERGE); enabled while a person is open (see MainWindow.choose_person).
    merge = _action(w, "&Merge duplicate…", w.merge_duplicate, "Ctrl+Shift+M")
    undo_merge = _action(w, "&Undo merge", w.undo_merge, "Ctrl+Shift+U")
    for action in (merge, undo_merge):
        action.setEnabled(False)
        person.addAction(action)

    help_menu = bar.addMenu("&Help")
    shortcuts = _action(w, "&Keyboard shortcuts", w.show_shortcuts, "F1")
    about = _action(w, "&About Triage Desk", w.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(shortcuts)
    help_menu.addAction(about)

    return WindowActions(
        open_data_folder=open_folder, quit=quit_action, focus_people=focus_people,
        focus_records=focus_records, focus_guidance=focus_guidance, show_all_contacts=show_all,
        panel_toggles=toggles, day_theme=day, night_theme=night, refresh=refresh,
        full_screen=full_screen, shortcuts=shortcuts, about=about, merge_duplicate=merge,
        undo_merge=undo_merge,
    )
