"""Quick-reference dialog (F2): search box, list of cards, Markdown shown in a text browser."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from triage_desk.pathways.quickref import QuickRefLibrary


class QuickRefDialog(QDialog):
    def __init__(self, library: QuickRefLibrary, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("Quick reference")
        self.resize(900, 600)
        self.library = library
        self.search = QLineEdit(placeholderText="Search: s136, capacity, MARAC…")
        self.list = QListWidget()
        self.text = QTextBrowser()
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([250, 650])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(split)
        self.search.textChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(lambda item, _: item and self.show_card(item.data(256)))
        self.refresh("")
        self.search.setFocus()

    def refresh(self, query: str) -> None:
        self.list.clear()
        for card in self.library.search(query):
            item = QListWidgetItem(card.title)
            item.setData(256, card.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def show_card(self, card_id: str) -> None:
        card = self.library.get(card_id)
        if card is not None:
            self.text.setMarkdown(f"# {card.title}\n\n{card.body}")
