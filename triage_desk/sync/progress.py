"""Progress reports and cancellation, shared by push, pull and the orchestration.

The callback is called from the sync thread; a Qt worker turns it into a signal, the CLI into a line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # connect, push, pull, integrity, done
    done: int
    total: int | None
    message: str = ""


ProgressCallback = Callable[[SyncProgress], None]
CancelCheck = Callable[[], bool]


def no_progress(_progress: SyncProgress) -> None:
    return None


def never_cancelled() -> bool:
    return False
