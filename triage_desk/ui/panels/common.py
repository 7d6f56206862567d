"""Pieces every panel shares: a titled header and a read-only, keyboard-friendly table view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("panelTitle")
    label.setAccessibleName(text)
    return label


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("mutedText")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def section_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label


def record_table(accessible_name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().hide()
    # Fixed row height from the font, not ResizeToContents: measuring 1,000 rows took seconds.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    fit_rows_to_font(view)
    view.horizontalHeader().setHighlightSections(False)
    # Column widths from the first rows only; enough to size dates, names and codes.
    view.horizontalHeader().setResizeContentsPrecision(100)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit_rows_to_font(view: QTableView) -> None:
    """Row height for the current font; called again when the theme changes the font size."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
