"""The rule-set model: what a rule file (``resources/pathways/rules-v<N>.yaml``) describes once loaded.

Immutable dataclasses. Every condition is a type-checked expression of the form expression language
(:mod:`triage_desk.forms_engine.expressions`), compiled once per form it is written for; a rule only
runs on the forms it names, because field ids mean different things on different forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.forms_engine.expressions import Node

CODES = ("A", "B", "C", "D", "E", "F", "G")  # UK MHTS, most urgent first
RCRP_GROUNDS = ("crime", "risk_to_life", "serious_harm")
RCRP_VALUES = (*RCRP_GROUNDS, "not_met")


def urgency(code: str) -> int:
    """Smaller is more urgent (A = 0)."""
    return CODES.index(code)


@dataclass(frozen=True, slots=True)
class Condition:
    """One expression per form it applies to (form id → compiled condition)."""

    sources: dict[str, str]
    nodes: dict[str, Node] = field(compare=False)
    line: int = 0

    def for_form(self, form_id: str) -> Node | None:
        return self.nodes.get(form_id)


@dataclass(frozen=True, slots=True)
class Variant:
    """A refinement of a rule: when its condition also holds, the code (and RCRP ground) change."""

    when: Condition
    code: str | None
    reason: str
    rcrp: str | None = None


@dataclass(frozen=True, slots=True)
class PathwayRef:
    id: str
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Alternative:
    """R28: who police hand a 'no deployment' call to, and who makes that contact."""

    agency: str
    who_contacts: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    forms: tuple[str, ...]
    when: Condition
    code: str | None
    rationale: str
    sources: tuple[str, ...]
    line: int
    police: str | None = None
    rcrp: str | None = None
    alternative: Alternative | None = None
    variants: tuple[Variant, ...] = ()
    pathways: tuple[PathwayRef, ...] = ()
    checklists: tuple[str, ...] = ()
    quickref: tuple[str, ...] = ()
    unconfirmed: str | None = None  # what is still "to be confirmed" about this rule's content


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    text: str
    done: Condition | None  # ticked when true
    problem: Condition | None  # shown as a problem (red) when true
    line: int = 0


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    title: str
    source: str
    items: tuple[ChecklistItem, ...]
    quickref: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pathway:
    id: str
    title: str
    service_categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RcrpGround:
    id: str
    label: str
    when: Condition | None


@dataclass(frozen=True, slots=True)
class RcrpSpec:
    source: str
    grounds: tuple[RcrpGround, ...]
    not_met_when: Condition | None
    caller_script: str  # words for the caller; {agency} and {who_contacts} are filled in


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    version: int
    title: str
    sha256: str
    source: Path
    rules: tuple[Rule, ...]
    pathways: dict[str, Pathway]
    checklists: dict[str, Checklist]
    rcrp: RcrpSpec
    approved_by: str | None = None

    @property
    def label(self) -> str:
        return f"{self.id} v{self.version} (sha256 {self.sha256[:12]})"

    def rules_for(self, form_id: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if form_id in r.forms)
