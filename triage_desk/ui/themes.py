"""Day and night themes: a QPalette plus a style sheet from ``resources/styles``, applied app-wide.

The night theme is for darkened control rooms: dark surfaces, off-white text (pure white glares on a
dark screen at 3 a.m.), larger type, and an amber focus ring that is visible from across a desk.
Every text/background pair below meets WCAG AA (4.5:1); the pairs are listed in ``CONTRAST_PAIRS``
and checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from triage_desk.platform.resources import resources_dir

THEMES = ("day", "night")


@dataclass(frozen=True)
class ThemeColours:
    window: str
    base: str
    alternate: str
    text: str
    muted_text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    alert_bg: str
    alert_text: str
    banner_bg: str
    banner_text: str
    focus: str
    font_points: float


COLOURS: dict[str, ThemeColours] = {
    "day": ThemeColours(
        window="#eef0f3",
        base="#ffffff",
        alternate="#f4f6f8",
        text="#16181b",
        muted_text="#4a5058",
        button="#e1e5ea",
        highlight="#0b4f9c",
        highlighted_text="#ffffff",
        link="#0b4f9c",
        alert_bg="#fbe3e1",
        alert_text="#8a1209",
        banner_bg="#ffdd00",
        banner_text="#0b0c0c",
        focus="#0b4f9c",
        font_points=10.5,
    ),
    "night": ThemeColours(
        window="#111316",
        base="#191c20",
        alternate="#20242a",
        text="#e6e3de",
        muted_text="#b3b0aa",
        button="#262a31",
        highlight="#f2b33d",
        highlighted_text="#111316",
        link="#8fc8ff",
        alert_bg="#4a1410",
        alert_text="#ffc9c2",
        banner_bg="#e8a33d",
        banner_text="#111111",
        focus="#f2b33d",
        font_points=12.0,
    ),
}

# (foreground, background) pairs that carry text, per theme.
CONTRAST_PAIRS = {
    name: [
        (c.text, c.window),
        (c.text, c.base),
        (c.text, c.alternate),
        (c.text, c.button),
        (c.muted_text, c.window),
        (c.muted_text, c.base),
        (c.highlighted_text, c.highlight),
        (c.link, c.base),
        (c.alert_text, c.alert_bg),
        (c.alert_text, c.window),  # #errorText, #signInError
        (c.banner_text, c.banner_bg),
    ]
    for name, c in COLOURS.items()
}


def build_palette(name: str) -> QPalette:
    c = COLOURS[name]
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base,
        QPalette.ColorRole.AlternateBase: c.alternate,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.ToolTipBase: c.base,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted_text,
        QPalette.ColorRole.Highlight: c.highlight,
        QPalette.ColorRole.HighlightedText: c.highlighted_text,
        QPalette.ColorRole.Link: c.link,
        QPalette.ColorRole.BrightText: c.alert_text,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted_text))
    return pal


def style_sheet_path(name: str) -> Path:
    return resources_dir() / "styles" / f"{name}.qss"


def load_style_sheet(name: str) -> str:
    return style_sheet_path(name).read_text(encoding="utf-8")


def apply_theme(app: QApplication, name: str, style_sheet: str | None = None) -> None:
    """Switch instantly. ``style_sheet`` may be preloaded so the switch itself touches no file."""
    if name not in COLOURS:
        raise ValueError(f"unknown theme {name!r}")
    # The Fusion style (set by ensure_application) draws every control from this palette.
    app.setPalette(build_palette(name))
    font = QFont(app.font())
    font.setPointSizeF(COLOURS[name].font_points)
    app.setFont(font)
    app.setStyleSheet(style_sheet if style_sheet is not None else load_style_sheet(name))
    app.setProperty("triage_theme", name)


def current_theme() -> str:
    app = QApplication.instance()
    name = app.property("triage_theme") if app is not None else None
    return name if name in COLOURS else "day"


def alert_colours() -> tuple[QColor, QColor]:
    """(background, text) for things that need attention now, e.g. an overdue warning review."""
    c = COLOURS[current_theme()]
    return QColor(c.alert_bg), QColor(c.alert_text)


# Match bands: (background, text) per theme, chosen so the text keeps a 4.5:1 contrast on its
# background. The band is always written in the cell too ("Likely"): colour is never the only cue.
BAND_COLOURS: dict[str, dict[str, tuple[str, str]]] = {
    "day": {
        "likely": ("#d7f0dc", "#0d4a1c"), "possible": ("#fff1c2", "#5c4300"), "weak": ("#eceef1", "#3d434b"),
    },
    "night": {
        "likely": ("#123d20", "#b9f2c8"), "possible": ("#4a3a08", "#ffe39a"), "weak": ("#2a2e35", "#d5d2cc"),
    },
}
for _theme, _bands in BAND_COLOURS.items():
    CONTRAST_PAIRS[_theme] += [(text, background) for background, text in _bands.values()]


def band_colours(band: str) -> tuple[QColor, QColor]:
    """(background, text) for a match band in the current theme."""
    background, text = BAND_COLOURS[current_theme()].get(band, BAND_COLOURS[current_theme()]["weak"])
    return QColor(background), QColor(text)
