"""Quick-reference dialog (F2): search box, list of cards, the card with its sources.

Keyboard only: typing filters titles and text at once; Up/Down (and Page Up/Down) in the search box
move through the matching cards without leaving it; Enter moves to the card text; Esc closes.
Cards that could not be read are named at the bottom, so a bad site card is visible, not silent.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_desk.pathways.quickref import QuickRefLibrary
from triage_desk.ui.themes import colour

_CARD_ID = Qt.ItemDataRole.UserRole
_NAV_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}


class QuickRefDialog(QDialog):
    def __init__(self, library: QuickRefLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick reference")
        self.resize(900, 600)
        self.library = library
        self.search = QLineEdit(placeholderText="Search: s136, place of safety, capacity, MARAC…")
        self.search.setAccessibleName("Search the quick reference")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Matching cards")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Card")
        self.text.setOpenExternalLinks(False)
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setAccessibleName("Cards that could not be shown")
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([260, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems)
        self._show_problems()
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.text.setFocus)
        self.list.currentItemChanged.connect(
            lambda item, _previous: item is not None and self.show_card(item.data(_CARD_ID))
        )
        self.refresh("")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self.search.setFocus()  # F2 then type: the search box has the keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and Qt.Key(event.key()) in _NAV_KEYS
            and self.list.count()
        ):
            step = _NAV_KEYS[Qt.Key(event.key())]
            row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
            self.list.setCurrentRow(row)  # the card changes; the keyboard stays in the search box
            return True
        return super().eventFilter(watched, event)

    def refresh(self, query: str) -> None:
        self.list.clear()
        cards = self.library.search(query)
        for card in cards:
            item = QListWidgetItem(f"{card.title} (local)" if card.local else card.title)
            item.setData(_CARD_ID, card.id)
            self.list.addItem(item)
        self.empty.setText("" if cards else f"No card matches “{query.strip()}”.")
        self.empty.setVisible(not cards)
        if cards:
            self.list.setCurrentRow(0)
        else:
            self.text.clear()

    def show_card(self, card_id: str) -> None:
        card = self.library.get(card_id)
        if card is None:
            self.text.setMarkdown(f"There is no quick-reference card **{card_id}**.")
            return
        self.text.setMarkdown(card.markdown())
        for row in range(self.list.count()):
            if self.list.item(row).data(_CARD_ID) == card_id and self.list.currentRow() != row:
                self.list.setCurrentRow(row)

    def current_card_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(_CARD_ID) if item is not None else None

    def _show_problems(self) -> None:
        problems = self.library.problems
        if not problems:
            self.problems.hide()
            return
        lines = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
        self.problems.setText(
            f"<span style='color:{colour('error')}'><b>{len(problems)} card file(s) could not be shown:</b>"
            f"<ul>{lines}</ul></span>"
        )
        self.problems.show()
