"""The cheap half of start-up: where files live, logging, and settings. No database, no SQLAlchemy.

The GUI shows its window after this and opens the database on a worker, so the window appears as
fast as a bare Qt window; the CLI and tests go straight through :func:`triage_desk.services.app.open_app`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from triage_desk.platform.logging_setup import attach_log_file, configure_logging
from triage_desk.platform.paths import AppPaths, resolve_paths
from triage_desk.platform.settings import Settings, load_settings, save_settings


@dataclass
class AppConfig:
    paths: AppPaths
    settings: Settings

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)

    def attach_log_file(self) -> None:
        attach_log_file(self.paths.log_file)


def load_config(
    data_dir: str | Path | None = None, *, console_log: bool = False, log_file_now: bool = True
) -> AppConfig:
    """Resolve and create the folders, start logging, read settings (SettingsError if malformed).

    ``log_file_now=False`` (the GUI): records are held until :meth:`AppConfig.attach_log_file`.
    """
    paths = resolve_paths(data_dir).ensure()
    configure_logging(paths.log_file, console=console_log, file_now=log_file_now)
    try:
        return AppConfig(paths=paths, settings=load_settings(paths.settings_file))
    except Exception:
        attach_log_file(paths.log_file)  # whoever reports this error also finds it in the log
        raise
