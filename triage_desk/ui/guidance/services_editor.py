"""Edit services directory… (supervisors): the directory in force, editable, saved to the site.

``ServicesEditor(service, principal, parent)``. The table lists every service (filter box above it);
the form below edits the selected one. Each field is checked with the directory's own validators
(UK phone number, opening-hours syntax, known category, unique id) and a problem is shown under the
field itself. Save writes only the site overrides file, through GuidanceService.save_directory,
which checks the permission again — a clinician sees the directory read-only and the service would
refuse a save anyway. The guidance shows the new numbers as soon as the save returns.

Keys: type in the filter to find a service; Ctrl+N new service; Ctrl+Delete hide/remove the selected
one; Ctrl+S save; Esc close (with unsaved changes, a second Esc discards them).
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import TriageDeskError
from triage_desk.domain.principal import Principal
from triage_desk.pathways.opening_hours import HINT as HOURS_HINT
from triage_desk.pathways.phone import HINT as PHONE_HINT
from triage_desk.pathways.services_directory import CATEGORIES, ServiceEntry, make_entry, suggest_id
from triage_desk.services.access import Permission, allowed
from triage_desk.services.guidance_service import GuidanceService
from triage_desk.ui.themes import colour, set_tone

_Index = QModelIndex | QPersistentModelIndex


class ServicesTableModel(QAbstractTableModel):
    """The directory as edited so far: one row per service, hidden ones included."""

    COLUMNS = ("Name", "Kind", "Phone", "Hours", "Now", "Area", "Status")

    def __init__(self, entries: list[ServiceEntry], base: dict[str, ServiceEntry], parent: QWidget) -> None:
        super().__init__(parent)
        self.entries = list(entries)
        self.base = base
        self.at: datetime = utc_now()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                e.name,
                CATEGORIES.get(e.category, e.category),
                e.phone,
                e.hours.text,
                e.hours.describe(self.at) if e.active else "—",
                e.area,
                self.status(e),
            )[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def status(self, e: ServiceEntry) -> str:
        base = self.base.get(e.id)
        if not e.active:
            return "Hidden"
        if base is None:
            return "Added by site"
        return "Bundled" if base.as_yaml() == e.as_yaml() else "Changed by site"

    def set_base(self, base: dict[str, ServiceEntry]) -> None:
        """New bundled entries to compare with: only the Status column can change."""
        self.base = base
        if self.entries:
            column = self.COLUMNS.index("Status")
            self.dataChanged.emit(self.index(0, column), self.index(len(self.entries) - 1, column))

    def row_of(self, service_id: str) -> int:
        return next((i for i, e in enumerate(self.entries) if e.id == service_id), -1)

    def put(self, entry: ServiceEntry, replacing: str | None) -> int:
        row = self.row_of(replacing) if replacing else -1
        if row < 0:
            self.beginInsertRows(QModelIndex(), len(self.entries), len(self.entries))
            self.entries.append(entry)
            self.endInsertRows()
            return len(self.entries) - 1
        self.entries[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        return row

    def drop(self, service_id: str) -> None:
        row = self.row_of(service_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.entries[row]
            self.endRemoveRows()


class ServicesEditor(QDialog):
    def __init__(self, service: GuidanceService, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Services directory")
        self.resize(1100, 700)
        self.service = service
        self.principal = principal
        self.can_edit = allowed(principal, Permission.MANAGE_SERVICES_DIRECTORY)
        self.dirty = False
        self._editing: str | None = None  # id of the entry in the form; None for a new one
        self._form_changed = False  # typed into the form since it was loaded or applied
        self._discard_armed = False  # Esc pressed once with unsaved changes
        self.model = ServicesTableModel(service.directory_entries(), service.base_entries(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._build()
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self.filter.setFocus()

    # Layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.filter = QLineEdit(placeholderText="Filter: name, kind, phone, area…")
        self.filter.setAccessibleName("Filter services")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setAccessibleName("Services")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.id_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.category_combo = QComboBox()
        for key, label in CATEGORIES.items():
            self.category_combo.addItem(label, key)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("01632 960123")
        self.hours_edit = QLineEdit()
        self.hours_edit.setPlaceholderText("Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00; PH off  —  or 24/7")
        self.hours_edit.setToolTip(HOURS_HINT)
        self.phone_edit.setToolTip(PHONE_HINT)
        self.area_edit = QLineEdit()
        self.notes_edit = QLineEdit()
        self.active_check = QCheckBox("Shown in guidance")
        self.fields: dict[str, QWidget] = {
            "id": self.id_edit,
            "name": self.name_edit,
            "category": self.category_combo,
            "phone": self.phone_edit,
            "hours": self.hours_edit,
            "area": self.area_edit,
            "notes": self.notes_edit,
        }
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        labels = {
            "id": "Id",
            "name": "Name",
            "category": "Kind",
            "phone": "Phone",
            "hours": "Hours",
            "area": "Area",
            "notes": "Notes",
        }
        for key, widget in self.fields.items():
            widget.setAccessibleName(labels[key])
            error = QLabel()
            set_tone(error, "error")
            error.setWordWrap(True)
            error.setTextFormat(Qt.TextFormat.PlainText)
            error.setAccessibleName(f"{labels[key]} problem")
            error.hide()
            self.errors[key] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(f"&{labels[key]}:", column)
            label = form.labelForField(column)
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        form.addRow("", self.active_check)
        for edit in (
            self.id_edit,
            self.name_edit,
            self.phone_edit,
            self.hours_edit,
            self.area_edit,
            self.notes_edit,
        ):
            edit.textEdited.connect(self._edited)
            edit.returnPressed.connect(self.apply_form)
        self.category_combo.activated.connect(self._edited)
        self.active_check.clicked.connect(self._edited)

        self.new_button = QPushButton("&New service")
        self.remove_button = QPushButton("&Remove / hide")
        self.apply_button = QPushButton("&Apply to list")
        self.save_button = QPushButton("&Save directory")
        self.close_button = QPushButton("Close")
        self.new_button.clicked.connect(self.new_entry)
        self.remove_button.clicked.connect(self.remove_selected)
        self.apply_button.clicked.connect(self.apply_form)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Status")

        every = (self.new_button, self.remove_button, self.apply_button, self.save_button, self.close_button)
        for b in every:
            b.setAutoDefault(False)  # Enter in a field applies the form; it never presses a button
        buttons = QHBoxLayout()
        for b in (self.new_button, self.remove_button, self.apply_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        if not self.can_edit:
            banner = QLabel(
                "You can look at the directory. Changing it needs the supervisor or admin role; "
                f"you are signed in as {html.escape(self.principal.username)} "
                f"({html.escape(self.principal.role.value)})."
            )
            banner.setWordWrap(True)
            banner.setAccessibleName("Read only")
            layout.addWidget(banner)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 3)
        layout.addLayout(form, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        for key, slot in (
            ("Ctrl+N", self.new_entry),
            ("Ctrl+Del", self.remove_selected),
            ("Ctrl+S", self.save),
        ):
            QShortcut(QKeySequence(key), self, activated=slot)
        for widget in (
            *self.fields.values(),
            self.active_check,
            self.new_button,
            self.remove_button,
            self.apply_button,
            self.save_button,
        ):
            widget.setEnabled(self.can_edit)
        self._set_dirty(False)

    # Selection and the form -------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(self.proxy.data(index, Qt.ItemDataRole.UserRole)) if index.isValid() else None

    def select(self, service_id: str) -> bool:
        """Select a service by id (clearing a filter that hides it); False if there is none."""
        row = self.model.row_of(service_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._form_changed and self._editing is not None and not self.apply_form():
            # The problems stay next to the fields; go back to the entry being edited.
            editing = self._editing
            QTimer.singleShot(0, lambda: self.select(editing))
            return
        service_id = self.proxy.data(current, Qt.ItemDataRole.UserRole) if current.isValid() else None
        row = self.model.row_of(str(service_id)) if service_id else -1
        if row >= 0:
            self._load(self.model.entries[row])

    def _load(self, entry: ServiceEntry | None) -> None:
        self._editing = entry.id if entry else None
        self.id_edit.setText(entry.id if entry else "")
        self.id_edit.setReadOnly(entry is not None)  # an id links records and site files: never renamed
        self.name_edit.setText(entry.name if entry else "")
        self.category_combo.setCurrentIndex(
            max(self.category_combo.findData(entry.category if entry else ""), 0)
        )
        self.phone_edit.setText(entry.phone if entry else "")
        self.hours_edit.setText(entry.hours.text if entry else "")
        self.area_edit.setText(entry.area if entry else "")
        self.notes_edit.setText(entry.notes if entry else "")
        self.active_check.setChecked(entry.active if entry else True)
        self._show_errors({})
        self._form_changed = False

    def _edited(self, *_args: object) -> None:
        self._form_changed = True
        self._set_dirty(True)
        sender = self.sender()
        for key, widget in self.fields.items():
            if widget is sender:
                self.errors[key].hide()

    def _show_errors(self, problems: dict[str, str]) -> None:
        for key, label in self.errors.items():
            message = problems.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            self.fields[key].setAccessibleDescription(message)
        first = next((k for k in self.fields if k in problems), None)
        if first is not None:
            self.fields[first].setFocus()

    # Actions --------------------------------------------------------------------------------------
    def new_entry(self) -> None:
        if not self.can_edit or (self._form_changed and self._editing is not None and not self.apply_form()):
            return
        self.table.clearSelection()
        self._load(None)
        self.id_edit.setReadOnly(False)
        self.name_edit.setFocus()
        self.status.setText("New service: fill in the fields, then Apply to list (Enter).")

    def apply_form(self) -> bool:
        """Validate the form; put the entry in the list if every field is right. False if not."""
        if not self.can_edit:
            return False
        taken = {e.id for e in self.model.entries if e.id != self._editing}
        service_id = self.id_edit.text().strip()
        if self._editing is None and not service_id and self.name_edit.text().strip():
            service_id = suggest_id(self.name_edit.text(), taken)
            self.id_edit.setText(service_id)
        entry, problems = make_entry(
            service_id,
            self.name_edit.text(),
            str(self.category_combo.currentData()),
            self.phone_edit.text(),
            self.hours_edit.text(),
            self.area_edit.text(),
            self.notes_edit.text(),
            self.active_check.isChecked(),
            taken=taken,
        )
        self._show_errors(problems)
        if entry is None:
            self.status.setText(
                f"<span style='color:{colour('error')}'>Not applied: correct the fields marked in red.</span>"
            )
            return False
        was = self._editing
        self._form_changed = False
        self._editing = entry.id
        self.model.put(entry, was)
        if was != entry.id or self.selected_id() != entry.id:
            self.select(entry.id)
        self._set_dirty(True)
        self.status.setText(f"{html.escape(entry.name)}: changed in the list — Save to use it.")
        return True

    def remove_selected(self) -> None:
        service_id = self.selected_id()
        if not self.can_edit or service_id is None:
            return
        row = self.model.row_of(service_id)
        entry = self.model.entries[row]
        if service_id in self.model.base:
            # A bundled service is hidden, not deleted: it can be shown again with the tick box.
            self.model.put(replace(entry, active=not entry.active), service_id)
            self._load(self.model.entries[row])
            verb = "hidden from" if entry.active else "shown again in"
            self.status.setText(f"{html.escape(entry.name)} {verb} the guidance — Save to use it.")
        else:
            self.model.drop(service_id)
            self._form_changed = False
            self._load(None)
            self.status.setText(f"{html.escape(entry.name)} removed — Save to use it.")
        self._set_dirty(True)

    def save(self) -> bool:
        """Apply the form, then save through the service (which checks the permission)."""
        if self._form_changed and not self.apply_form():
            return False
        try:
            count = self.service.save_directory(self.principal, list(self.model.entries))
        except TriageDeskError as exc:
            self.status.setText(
                f"<span style='color:{colour('error')}'><b>Not saved.</b> {html.escape(str(exc))}</span>"
            )
            return False
        self.model.set_base(self.service.base_entries())
        self._set_dirty(False)
        path = self.service.site_services_path()
        self.status.setText(
            f"Saved: {count} site change(s) in {html.escape(str(path))}. The guidance uses them now."
        )
        return True

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self._discard_armed = False
        self.save_button.setEnabled(self.can_edit and dirty)
        self.setWindowTitle("Services directory" + (" — unsaved changes" if dirty else ""))

    def reject(self) -> None:
        """Esc or Close: with unsaved changes the first press warns, a second press discards."""
        if (self.dirty or self._form_changed) and self.can_edit and not self._discard_armed:
            self._discard_armed = True
            self.status.setText(
                f"<span style='color:{colour('error')}'><b>Unsaved changes.</b> Save (Ctrl+S), or press Esc "
                "again to close without saving.</span>"
            )
            return
        super().reject()
