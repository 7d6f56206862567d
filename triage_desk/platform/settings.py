"""Typed settings stored as TOML in the config folder.

Only non-secret preferences live here. Hub credentials go to the OS keyring (never this file, never
the log). Unknown keys are kept on save so a newer version's settings survive an older version.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from triage_desk.domain.errors import SettingsError

THEMES = ("day", "night")


@dataclass
class Settings:
    theme: str = "day"
    timezone: str = "Europe/London"
    idle_lock_minutes: int = 5
    hub_url: str = ""
    sync_interval_seconds: int = 120
    desk_name: str = ""
    team: str = ""
    demo_data_on_first_run: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        if self.theme not in THEMES:
            raise SettingsError(f"Setting 'theme' must be one of {', '.join(THEMES)}; found '{self.theme}'.")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"Setting 'timezone' is not a known time zone: '{self.timezone}'.") from exc
        if not 1 <= self.idle_lock_minutes <= 60:
            raise SettingsError("Setting 'idle_lock_minutes' must be between 1 and 60.")
        if self.sync_interval_seconds < 10:
            raise SettingsError("Setting 'sync_interval_seconds' must be at least 10.")
        if "@" in self.hub_url and ":" in self.hub_url.split("@", 1)[0].split("//", 1)[-1]:
            raise SettingsError(
                "Setting 'hub_url' contains a password.",
                hint="Remove it from settings.toml; hub credentials are kept in the system keyring.",
            )


_KNOWN = {f.name: f for f in fields(Settings) if f.name != "extra"}


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives defaults, a malformed one a message naming the line."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"The settings file {path} is not valid TOML: {exc}.",
            hint="Fix or delete that line; defaults are used for anything missing.",
        ) from exc
    except OSError as exc:
        raise SettingsError(f"The settings file {path} cannot be read: {exc.strerror}.") from exc
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        spec = _KNOWN.get(key)
        if spec is None:
            extra[key] = value
            continue
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(f"Setting '{key}' in {path} must be {expected.__name__}; found {value!r}.")
        values[key] = value
    settings = Settings(**values, extra=extra)
    settings.validate()
    return settings


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a settings file."""
    settings.validate()
    data = asdict(settings)
    extra = data.pop("extra")
    data.update(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    import tomli_w  # only when saving: not on the start-up path

    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)
