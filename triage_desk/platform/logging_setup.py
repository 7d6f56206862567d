"""Rotating log file that never holds patient identifiers.

The first rule is in the code: log records say what happened to which record id, never names,
dates of birth, addresses, phone or NHS numbers, or free text. As a second line of defence a filter
masks anything shaped like an NHS number, phone number, postcode or date of birth before it is
written, so a careless message still cannot leak one.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_PATTERNS = [
    # UK postcodes (e.g. "LS1 4AP", "sw1a1aa")
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
    # 10+ digit runs with optional separators: NHS numbers, phone numbers
    re.compile(r"(?<![\w-])\+?\d[\d\s-]{8,}\d(?![\w-])"),
    # Dates such as 12/03/1985 or 1985-03-12
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(r"\b(19|20)\d{2}-\d{2}-\d{2}\b(?!T)"),
]
_MASK = "[redacted]"


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(_MASK, text)
    return text


class IdentifierRedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(log_file: Path, *, level: int = logging.INFO, console: bool = False) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_triage_desk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler.addFilter(IdentifierRedactingFilter())
    file_handler._triage_desk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.addFilter(IdentifierRedactingFilter())
        stream._triage_desk = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    for noisy in ("sqlalchemy", "alembic", "faker"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
