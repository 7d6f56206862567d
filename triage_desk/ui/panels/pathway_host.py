"""The pathway-guidance area of the right panel: a hint until a draft is current, then the live view.

Built with the window; the GuidanceView itself is installed once the rules have loaded on a worker,
so the window can show before the forms engine and the rules are imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

if TYPE_CHECKING:
    from triage_desk.ui.guidance.view import GuidanceView

NO_RECORD = "Start a contact (Ctrl+N) or open a draft: the pathway guidance for it appears here."


class PathwayHost(QStackedWidget):
    """The pathway guidance area: a hint until a draft is current, then the live GuidanceView."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pathway guidance")
        self.hint = QLabel(NO_RECORD, self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("mutedLabel")
        self.addWidget(self.hint)
        self.view: GuidanceView | None = None

    def install(self, view: GuidanceView) -> None:
        self.view = view
        self.addWidget(view)

    def show_view(self, visible: bool, hint: str = NO_RECORD) -> None:
        self.hint.setText(hint)
        self.setCurrentWidget(self.view if visible and self.view is not None else self.hint)
