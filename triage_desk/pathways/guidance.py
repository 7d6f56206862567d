"""What the guidance panel shows, as plain data: the evaluator builds it, the panel, the CLI and the
provenance record read it. ``to_dict`` gives the JSON shape (``guide --json`` and Contact.guidance).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Evidence:
    field: str
    label: str
    value: str  # the answer as shown to the user


@dataclass(frozen=True, slots=True)
class FiredRule:
    id: str
    title: str
    code: str | None  # after variants
    base_code: str | None
    variant_reason: str | None
    rationale: str
    sources: tuple[str, ...]
    police: str | None
    evidence: tuple[Evidence, ...]
    quickref: tuple[str, ...]
    to_be_confirmed: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str
    label: str
    target: str  # target response time from the triage_code code list
    rule_ids: tuple[str, ...]  # every fired rule giving this code
    explanation: str  # why this code, including how ties were resolved
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class RcrpGroundResult:
    id: str
    label: str
    by: str  # the rule id or answer that established it


@dataclass(frozen=True, slots=True)
class RcrpResult:
    status: str  # "met" | "not_met" | "undetermined"
    grounds: tuple[RcrpGroundResult, ...]
    source: str
    agency: str | None = None
    who_contacts: str | None = None
    caller_script: str | None = None
    decided_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    text: str
    status: str  # "done" | "open" | "problem"


@dataclass(frozen=True, slots=True)
class ChecklistResult:
    id: str
    title: str
    source: str
    items: tuple[ChecklistLine, ...]
    rule_ids: tuple[str, ...]
    quickref: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceLine:
    id: str
    name: str
    phone: str
    hours: str
    status: str  # "open now", "closed", "opens at 09:00", "opens Mon 09:00"
    is_open: bool
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PathwayResult:
    rank: int
    id: str
    title: str
    code: str | None  # the most urgent code among the rules proposing it
    rule_ids: tuple[str, ...]
    services: tuple[ServiceLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Guidance:
    rule_set_id: str
    rule_set_version: int
    rule_set_sha256: str
    form_id: str
    form_version: int
    at: datetime
    suggestion: Suggestion | None
    fired: tuple[FiredRule, ...]
    rcrp: RcrpResult
    checklists: tuple[ChecklistResult, ...]
    pathways: tuple[PathwayResult, ...]
    police: tuple[tuple[str, str], ...]  # (rule id, recommended police action)
    errors: tuple[str, ...] = field(default=())  # rule expressions that failed on these answers

    @property
    def fired_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.fired)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data
