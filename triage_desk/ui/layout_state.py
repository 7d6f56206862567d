"""Remember where things were: window geometry, panel sizes and which panels are collapsed.

Stored in a QSettings INI file (``paths.ui_state_file``) rather than settings.toml: it is machine-
and monitor-specific state, rewritten on every close, not a preference anyone edits by hand.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

_GEOMETRY = "window/geometry"
_SIZES = "panels/sizes"
_COLLAPSED = "panels/collapsed"


class LayoutState:
    def __init__(self, path: Path) -> None:
        self._store = QSettings(str(path), QSettings.Format.IniFormat)

    def geometry(self) -> QByteArray | None:
        value = self._store.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def panel_sizes(self, count: int) -> list[int] | None:
        """Expanded size of each panel (kept even while collapsed, to reopen at that size)."""
        sizes = _int_list(self._store.value(_SIZES))
        return sizes if len(sizes) == count and all(s > 0 for s in sizes) else None

    def collapsed(self, count: int) -> list[bool]:
        flags = [bool(v) for v in _int_list(self._store.value(_COLLAPSED))]
        return flags if len(flags) == count else [False] * count

    def save(self, geometry: QByteArray, sizes: list[int], collapsed: list[bool]) -> None:
        self._store.setValue(_GEOMETRY, geometry)
        # Stored as comma-separated text: INI round-trips plain strings on every platform.
        self._store.setValue(_SIZES, ",".join(str(s) for s in sizes))
        self._store.setValue(_COLLAPSED, ",".join("1" if c else "0" for c in collapsed))
        self._store.sync()


def _int_list(value: object) -> list[int]:
    if value is None:
        return []
    parts = value if isinstance(value, list) else str(value).split(",")
    try:
        return [int(str(p).strip()) for p in parts if str(p).strip()]
    except ValueError:
        return []
