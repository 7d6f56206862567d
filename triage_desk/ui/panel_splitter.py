"""The three-panel splitter: each panel resizable, collapsible by drag or by menu, and restorable.

A collapsed panel is a panel of width 0 (not a hidden widget), so dragging a panel shut and using
the View menu are the same thing, and the splitter's own sizes are the single source of truth.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget


class PanelSplitter(QSplitter):
    collapsed_changed = Signal(int, bool)  # panel index, collapsed now

    def __init__(
        self, panels: list[QWidget], default_sizes: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        for panel in panels:
            self.addWidget(panel)
        self.setChildrenCollapsible(True)
        self.setHandleWidth(6)
        self._expanded = list(default_sizes)
        self._collapsed = [False] * len(panels)
        self.setSizes(default_sizes)
        self.splitterMoved.connect(self._after_drag)

    def is_collapsed(self, index: int) -> bool:
        return self._collapsed[index]

    def collapsed_flags(self) -> list[bool]:
        return list(self._collapsed)

    def expanded_sizes(self) -> list[int]:
        self._remember_open_sizes()
        return list(self._expanded)

    def set_collapsed(self, index: int, collapsed: bool) -> None:
        if collapsed == self._collapsed[index]:
            return
        self._remember_open_sizes()
        self._collapsed[index] = collapsed
        self._apply()
        self.collapsed_changed.emit(index, collapsed)

    def restore(self, expanded: list[int] | None, collapsed: list[bool]) -> None:
        if expanded is not None:
            self._expanded = list(expanded)
        self._collapsed = list(collapsed)
        self._apply()
        for index, flag in enumerate(self._collapsed):
            self.collapsed_changed.emit(index, flag)

    def _apply(self) -> None:
        self.setSizes([0 if c else s for s, c in zip(self._expanded, self._collapsed, strict=True)])

    def _remember_open_sizes(self) -> None:
        for index, size in enumerate(self.sizes()):
            if size > 0 and not self._collapsed[index]:
                self._expanded[index] = size

    def _after_drag(self, _pos: int, _index: int) -> None:
        for index, size in enumerate(self.sizes()):
            now = size == 0
            if now != self._collapsed[index]:
                self._collapsed[index] = now
                self.collapsed_changed.emit(index, now)
            elif size > 0:
                self._expanded[index] = size
