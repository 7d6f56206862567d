"""Find the bundled ``resources/`` and ``forms/`` folders.

The same lookup works in three layouts:
- a source checkout: both folders sit beside the ``triage_desk`` package;
- an installed wheel: they are installed as shared data under ``<prefix>/share/triage-desk``;
- a PyInstaller bundle: they are unpacked beside the executable's ``_internal`` folder
  (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from triage_desk.domain.errors import ResourceMissingError

_SHARE_NAME = "triage-desk"


def _candidate_roots() -> Iterator[Path]:
    """In order; lazily, so a checkout or bundle never pays for importing ``sysconfig``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        yield Path(bundle)
    # Source checkout (and editable installs): the folder that contains the package.
    yield Path(__file__).resolve().parents[2]
    # Wheel install: data-files land under the environment's data prefix.
    import sysconfig

    yield Path(sysconfig.get_path("data")) / "share" / _SHARE_NAME
    yield Path(sys.prefix) / "share" / _SHARE_NAME


def _find(folder: str, marker: str) -> Path:
    tried = []
    for root in _candidate_roots():
        candidate = root / folder
        tried.append(str(candidate))
        if (candidate / marker).exists():
            return candidate
    raise ResourceMissingError(
        f"The bundled '{folder}' folder was not found (looked in: {', '.join(tried)}).",
        hint="Reinstall Triage Desk; the installation is incomplete.",
    )


def resources_dir() -> Path:
    return _find("resources", "MANIFEST.toml")


def forms_dir() -> Path:
    return _find("forms", "MANIFEST.toml")


def resource_layout() -> str:
    """Which of the three layouts the resources were found in (for selftest and diagnostics)."""
    found = resources_dir().parent
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and found == Path(bundle):
        return "bundle"
    if found == Path(__file__).resolve().parents[2]:
        return "source"
    return "installed"
