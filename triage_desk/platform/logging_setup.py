"""Rotating log file that never holds patient identifiers.

The first rule is in the code: log records say what happened to which record id, never names,
dates of birth, addresses, phone or NHS numbers, or free text. As a second line of defence a filter
masks anything shaped like an NHS number, phone number, postcode or date of birth before it is
written, so a careless message still cannot leak one.

The GUI attaches the file just after its window first paints (``logging.handlers`` and the socket
and pickle modules it pulls in cost ~10 ms of start-up); records from before that are held in memory
and written, in order and through the same redaction, when the file is attached.
"""

from __future__ import annotations

import logging
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


class _HeldRecords(logging.Handler):
    """Keeps records until the log file is attached (bounded: a start-up is a few dozen records)."""

    LIMIT = 10_000

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.target: logging.Handler | None = None  # the log file, once attached

    def emit(self, record: logging.LogRecord) -> None:  # called under self.lock (Handler.handle)
        if self.target is not None:  # a logger still iterating the old handler list
            self.target.handle(record)
        elif len(self.records) < self.LIMIT:
            record.msg, record.args = record.getMessage(), None  # as it reads now, not when written
            self.records.append(record)


def configure_logging(
    log_file: Path, *, level: int = logging.INFO, console: bool = False, file_now: bool = True
) -> None:
    """Log to ``log_file`` (rotated, redacted). ``file_now=False``: hold records until
    :func:`attach_log_file` is called."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_triage_desk", False):
            root.removeHandler(handler)
            handler.close()
    if file_now:
        attach_log_file(log_file)
    else:
        held = _HeldRecords()
        held._triage_desk = True  # type: ignore[attr-defined]
        root.addHandler(held)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.addFilter(IdentifierRedactingFilter())
        stream._triage_desk = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    for noisy in ("sqlalchemy", "alembic", "faker"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def attach_log_file(log_file: Path) -> None:
    """Start writing ``log_file``, first with any records held since start-up. Safe to repeat."""
    import logging.handlers

    root = logging.getLogger()
    if any(getattr(h, "_triage_desk_file", False) for h in root.handlers):
        return
    log_file.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler.addFilter(IdentifierRedactingFilter())
    file_handler._triage_desk = True  # type: ignore[attr-defined]
    file_handler._triage_desk_file = True  # type: ignore[attr-defined]
    held = next((h for h in root.handlers if isinstance(h, _HeldRecords)), None)
    if held is None:
        root.addHandler(file_handler)
        return
    # Under the holder's lock, and by swapping in a new handler list (a logger on another thread may
    # be iterating the old one): a record logged meanwhile is written once, after the held ones.
    with held.lock:  # type: ignore[union-attr]  # Handler.__init__ always creates it
        for record in held.records:
            file_handler.handle(record)
        held.records.clear()
        held.target = file_handler
        root.handlers = [file_handler if h is held else h for h in root.handlers]
