"""The centre of the window: the contacts list as the first tab, then one tab per open record.

A nurse may hold several calls at once (one on hold, one being typed), so each open record is a
tab; Ctrl+Tab moves between them. Closing a draft's tab never discards it: the draft stays on this
desk, saved, and is offered back at the next sign-in until it is signed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

if TYPE_CHECKING:
    from triage_desk.ui.forms.form_panel import FormPanel

_MAX_TITLE = 28


def tab_title(panel: FormPanel) -> str:
    answers = panel.controller.answers() if panel.editor is not None else panel.record.answers
    ref = str(answers.get("incident_ref") or "").strip()
    title = panel.form.title if not ref else f"{ref} · {panel.form.title}"
    if panel.editor is None:
        title = f"✔ {title}"
    return title if len(title) <= _MAX_TITLE else title[: _MAX_TITLE - 1] + "…"


class ContactTabs(QTabWidget):
    current_panel_changed = Signal(object)  # FormPanel | None (None: the contacts list is current)
    panel_closed = Signal(str)  # contact id

    def __init__(self, contacts_list: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactTabs")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.contacts_list = contacts_list
        self.addTab(contacts_list, "Contacts")
        # The list is always there: no close button on its tab.
        self.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(lambda _index: self.current_panel_changed.emit(self.current_panel()))

    def panels(self) -> list[FormPanel]:
        return [w for i in range(self.count()) if (w := self.widget(i)) is not self.contacts_list]  # type: ignore[misc]

    def current_panel(self) -> FormPanel | None:
        widget = self.currentWidget()
        return None if widget is self.contacts_list else widget  # type: ignore[return-value]

    def panel_for(self, contact_id: str) -> FormPanel | None:
        return next((p for p in self.panels() if p.contact_id == contact_id), None)

    def add_panel(self, panel: FormPanel) -> None:
        index = self.addTab(panel, tab_title(panel))
        self.setTabToolTip(index, f"{panel.form.title} v{panel.form.version}")
        panel.saved.connect(lambda _cid, p=panel: self.retitle(p))
        panel.signed.connect(lambda _cid, p=panel: self.retitle(p))
        self.setCurrentIndex(index)  # the panel puts the cursor in its first field when first shown

    def retitle(self, panel: FormPanel) -> None:
        index = self.indexOf(panel)
        if index >= 0:
            self.setTabText(index, tab_title(panel))

    def show_panel(self, panel: FormPanel) -> None:
        self.setCurrentWidget(panel)

    def show_list(self) -> None:
        self.setCurrentWidget(self.contacts_list)

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget is self.contacts_list or widget is None:
            return
        panel: FormPanel = widget  # type: ignore[assignment]
        panel.shutdown()  # writes anything typed in the last second
        self.removeTab(index)
        if not self.signalsBlocked():
            self.panel_closed.emit(panel.contact_id)
        panel.deleteLater()

    def close_current(self) -> None:
        if self.currentWidget() is not self.contacts_list:
            self.close_tab(self.currentIndex())

    def close_all(self) -> None:
        """On sign-out: every draft written, every record's tab gone (the next user sees none)."""
        # Quietly: each removal would make another of the previous user's records current.
        self.blockSignals(True)
        try:
            for panel in self.panels():
                self.close_tab(self.indexOf(panel))
            self.show_list()
        finally:
            self.blockSignals(False)
        self.current_panel_changed.emit(None)
