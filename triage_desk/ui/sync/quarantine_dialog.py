"""A supervisor works the sync quarantine: changes the hub did not take, each shown with both values.

One table row per disputed field of a conflict (base, this desk's value, the hub's value), or one row
for a change the hub refused outright. A choice applies to the whole quarantined change:

- **Keep mine** (conflict): this desk's values win; sent as a new edit that settles the conflict.
- **Keep theirs** (conflict): the hub's values stay; the conflict is marked settled.
- **Discard** (any): acknowledge and drop the change; the record keeps what the hub holds.

Reads and resolutions run off the UI thread (:class:`~triage_desk.ui.workers.BackgroundOps`). The
permission (Permission.RESOLVE_CONFLICTS) is checked by the service for every resolution; the
buttons are only greyed out for a principal the service would refuse anyway.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import format_local
from triage_desk.domain.principal import Principal
from triage_desk.services.access import Permission, allowed
from triage_desk.services.sync_service import QuarantineItem, SyncService
from triage_desk.ui.errors import show_error
from triage_desk.ui.workers import BackgroundOps

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Kind", "Record", "Field", "Before", "This desk", "Hub", "Reason", "When")
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

CHOICES = {"mine": "Keep mine", "hub": "Keep theirs", "dismiss": "Discard"}


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class QuarantineTableModel(QAbstractTableModel):
    """Quarantined changes as rows: one per conflicting field, or one for a refused change."""

    def __init__(self, zone: str = "Europe/London", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[tuple[QuarantineItem, str, dict[str, Any]]] = []

    def set_items(self, items: list[QuarantineItem]) -> None:
        self.beginResetModel()
        self._rows = []
        for item in items:
            if item.fields:
                for name in sorted(item.fields):
                    self._rows.append((item, name, item.fields[name]))
            else:
                self._rows.append((item, "", {}))
        self.endResetModel()

    def item_at(self, row: int) -> QuarantineItem:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, field, values = self._rows[index.row()]
        if role == ITEM_ROLE:
            return item.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = COLUMNS[index.column()]
        if column == "Kind":
            return item.kind
        if column == "Record":
            return f"{item.table_name} {item.record_id}"
        if column == "Field":
            return field or "(whole change)"
        if column == "Before":
            return _show(values.get("base")) if field else ""
        if column == "This desk":
            return _show(values.get("mine")) if field else item.op
        if column == "Hub":
            return _show(values.get("hub")) if field else ""
        if column == "Reason":
            return item.reason
        return format_local(item.created_at, self._zone)


class QuarantineDialog(QDialog):
    def __init__(
        self,
        service: SyncService,
        principal: Principal,
        parent: QWidget | None = None,
        *,
        zone: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync quarantine")
        self.resize(1000, 420)
        self._service = service
        self._principal = principal
        self.ops = BackgroundOps(self, max_threads=1)
        self.model = QuarantineTableModel(zone or service.settings.timezone, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter (record, field, reason)…")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.summary = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        for choice, label in CHOICES.items():
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, c=choice: self.resolve_selected(c))
            self.buttons[choice] = button
            row.addWidget(button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        if not allowed(principal, Permission.RESOLVE_CONFLICTS):
            layout.addWidget(QLabel("Only a supervisor or administrator can resolve these.", self))
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._update_buttons()
        self.reload()

    # --- data ------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.ops.run("quarantine", self._service.quarantine, on_done=self._set_items)

    def _set_items(self, items: list[QuarantineItem]) -> None:
        self.model.set_items(items)
        self.summary.setText(
            f"{len(items)} change(s) waiting for a decision" if items else "Nothing waiting."
        )
        self._update_buttons()

    def selected_item(self) -> QuarantineItem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.item_at(self.proxy.mapToSource(rows[0]).row())

    def select_record(self, record_id: str) -> bool:
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0))
            if self.model.item_at(source.row()).record_id == record_id:
                self.table.selectRow(r)
                return True
        return False

    # --- resolving -------------------------------------------------------------------------------

    def resolve_selected(self, choice: str) -> None:
        item = self.selected_item()
        if item is None:
            return
        principal = self._principal
        self.ops.run(
            "resolve",
            lambda: self._service.resolve(item.id, choice, principal),
            on_done=lambda _none: self.reload(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _update_buttons(self, *_args: object) -> None:
        item = self.selected_item()
        may = allowed(self._principal, Permission.RESOLVE_CONFLICTS)
        for choice, button in self.buttons.items():
            applicable = item is not None and (item.kind == "conflict" or choice == "dismiss")
            button.setEnabled(may and applicable)

    def done(self, result: int) -> None:
        self.ops.wait_for_done()
        super().done(result)
