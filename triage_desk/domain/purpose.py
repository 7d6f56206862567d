"""Why a person's record is being consulted: an incident reference, a reason, or both.

A plain value (no database behind it), so the window can hold the current purpose before the
services are loaded; ``services.audit.require_purpose`` builds a checked one from user input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    incident_ref: str | None
    reason: str | None

    @property
    def text(self) -> str:
        parts = []
        if self.incident_ref:
            parts.append(f"incident {self.incident_ref}")
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)
