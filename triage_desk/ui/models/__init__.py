"""Qt item models over the domain dataclasses the services return (tested without a view)."""

from PySide6.QtCore import Qt

# The value a column sorts by (a date sorts as a date, not as "dd/mm/yyyy" text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The record id behind a row, so a selection survives sorting and filtering.
ID_ROLE = Qt.ItemDataRole.UserRole + 2
