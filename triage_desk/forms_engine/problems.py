"""One problem found in a form or code list file, in the shape ``forms check`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path | str
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    field: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        subject = f" field {self.field}:" if self.field else ""
        return f"{where}:{subject} {self.message} — {self.fix}"
