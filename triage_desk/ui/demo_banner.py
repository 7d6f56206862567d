"""The banner that makes synthetic data impossible to mistake for live records."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

DEMO_TEXT = "DEMO DATA — synthetic records for training and testing; not for live use"


class DemoBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DEMO_TEXT, parent)
        self.setObjectName("demoBanner")  # styled in day.qss / night.qss
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName("Warning")
        self.setAccessibleDescription(DEMO_TEXT)
        self.hide()  # shown once the database says it holds demo data
