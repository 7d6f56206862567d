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
from PySide6.QtWidgets import QApplication, QWidget

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


# Tones: text that means something (an error, a computed value, a running clock), per theme, as
# (text, background or "" for the window's own). Widgets take one with set_tone(); HTML views ask
# colour(). The style-sheet rules for them are generated from this table, so the colours live in
# one place and every pair is in CONTRAST_PAIRS (checked for WCAG AA by the tests).
TONES: dict[str, dict[str, tuple[str, str]]] = {
    "day": {
        "error": ("#8a1209", ""),
        "warn": ("#7a4d00", ""),
        "ok": ("#1b6e2a", ""),
        "muted": ("#4a5058", ""),
        "note": ("#4a5058", ""),
        "computed": ("#0b4f9c", ""),
        "warning-box": ("#5c3b00", "#fff3cd"),
        "clock-none": ("#4a5058", ""),
        "clock-ok": ("#14501a", "#e3f1e3"),
        "clock-amber": ("#5c3b00", "#ffe3a3"),
        "clock-red": ("#ffffff", "#b71c1c"),
    },
    "night": {
        "error": ("#ffc9c2", ""),
        "warn": ("#f2c46d", ""),
        "ok": ("#9fdcaa", ""),
        "muted": ("#b3b0aa", ""),
        "note": ("#b3b0aa", ""),
        "computed": ("#8fc8ff", ""),
        "warning-box": ("#ffe39a", "#3d3212"),
        "clock-none": ("#b3b0aa", ""),
        "clock-ok": ("#b9f2c8", "#123d20"),
        "clock-amber": ("#ffe39a", "#4a3a08"),
        "clock-red": ("#fdf3f1", "#b71c1c"),
    },
}
_TONE_EXTRA = {
    "error": "font-weight: bold;",
    "note": "font-style: italic;",
    "warning-box": "padding: 6px;",
    "clock-ok": "padding: 4px 8px; border-radius: 4px; font-weight: 600;",
    "clock-amber": "padding: 4px 8px; border-radius: 4px; font-weight: bold;",
    "clock-red": "padding: 4px 8px; border-radius: 4px; font-weight: bold;",
}
for _theme, _tones in TONES.items():
    for _text, _background in _tones.values():
        backgrounds = [_background] if _background else [COLOURS[_theme].window, COLOURS[_theme].base]
        CONTRAST_PAIRS[_theme] += [(_text, b) for b in backgrounds]


def colour(tone: str) -> str:
    """The text colour of ``tone`` in the current theme (for HTML and item brushes)."""
    return TONES[current_theme()][tone][0]


def set_tone(widget: QWidget, tone: str) -> None:
    """Give ``widget`` a tone; the theme's style sheet colours it, and follows a theme switch."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    from PySide6.QtCore import Qt

    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)  # a dynamic property is read at polish: polish again
        style.polish(widget)


def tone_rules(name: str) -> str:
    rules = []
    for tone, (text, background) in TONES[name].items():
        fill = f" background: {background};" if background else ""
        rules.append(f'*[tone="{tone}"] {{ color: {text};{fill} {_TONE_EXTRA.get(tone, "")} }}')
    return "\n".join(rules) + "\n"


def style_sheet_path(name: str) -> Path:
    return resources_dir() / "styles" / f"{name}.qss"


def load_style_sheet(name: str) -> str:
    sheet = style_sheet_path(name).read_text(encoding="utf-8")
    return f"{sheet}\n/* Tones, generated from themes.TONES */\n{tone_rules(name)}"


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
