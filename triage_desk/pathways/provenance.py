"""Decision provenance (sync-and-forms.md C.2 item 4): what was suggested, from which exact rules and
answers, what the professional decided, and why it differs — enough to replay the suggestion exactly.

The record is plain JSON (stored in Contact.guidance). Replay loads the rule set by its sha256 and
the form by its version, never "the current ones", so an old suggestion is reproduced even after the
rules change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from triage_desk.domain.errors import ValidationError
from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.pathways.answers_io import answers_from_json, answers_to_json
from triage_desk.pathways.evaluator import evaluate_guidance
from triage_desk.pathways.guidance import Guidance
from triage_desk.pathways.library import RuleLibrary

RECORD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Decision:
    code: str | None
    pathways: tuple[str, ...]
    override_reason: str | None = None


def suggested_pathways(guidance: Guidance) -> tuple[str, ...]:
    return tuple(p.id for p in guidance.pathways)


def differs(guidance: Guidance, decision: Decision) -> list[str]:
    """How the decision departs from the suggestion (empty when it follows it)."""
    notes = []
    suggested = guidance.suggestion.code if guidance.suggestion else None
    if decision.code != suggested:
        notes.append(f"code {decision.code or 'none'} instead of suggested {suggested or 'none'}")
    offered = set(suggested_pathways(guidance))
    extra = [p for p in decision.pathways if p not in offered]
    if extra:
        notes.append(f"pathway(s) not suggested: {', '.join(extra)}")
    if offered and not offered & set(decision.pathways):
        notes.append("none of the suggested pathways chosen")
    return notes


def check_decision(guidance: Guidance, decision: Decision) -> None:
    """A decision that differs from the suggestion needs a reason (automation-bias control, H6)."""
    if not decision.code:
        raise ValidationError("Choose a triage code.", hint="The professional decides the code.")
    if differs(guidance, decision) and not (decision.override_reason or "").strip():
        raise ValidationError(
            "Your decision differs from the suggestion (" + "; ".join(differs(guidance, decision)) + ").",
            hint="Give the reason for the difference; it is stored with the record.",
        )


def build_record(
    guidance: Guidance,
    forms: FormLibrary,
    answers: Mapping[str, object],
    decision: Decision,
    decided_at: datetime,
) -> dict[str, Any]:
    check_decision(guidance, decision)
    form = forms.get(guidance.form_id, guidance.form_version)
    return {
        "record_version": RECORD_VERSION,
        "rule_set": {
            "id": guidance.rule_set_id,
            "version": guidance.rule_set_version,
            "sha256": guidance.rule_set_sha256,
        },
        "form": {"id": form.id, "version": form.version, "sha256": form.sha256},
        "evaluated_at": guidance.at.isoformat(),
        "inputs": answers_to_json(form, answers),
        "fired_rules": list(guidance.fired_ids),
        "suggestion": {
            "code": guidance.suggestion.code if guidance.suggestion else None,
            "rule_ids": list(guidance.suggestion.rule_ids) if guidance.suggestion else [],
            "pathways": list(suggested_pathways(guidance)),
            "rcrp": guidance.rcrp.status,
        },
        "decision": {"code": decision.code, "pathways": list(decision.pathways)},
        "differs": differs(guidance, decision),
        "override_reason": (decision.override_reason or "").strip() or None,
        "decided_at": decided_at.isoformat(),
    }


def replay(record: Mapping[str, Any], rules: RuleLibrary, forms: FormLibrary) -> Guidance:
    """Re-run the stored suggestion with the stored rule set, form version, answers and time."""
    rs = record["rule_set"]
    rule_set = rules.get(rs["id"], int(rs["version"]), rs.get("sha256"))
    form = forms.get(record["form"]["id"], int(record["form"]["version"]))
    answers = answers_from_json(form, record["inputs"])
    at = datetime.fromisoformat(record["evaluated_at"])
    return evaluate_guidance(rule_set, form, answers, at, forms.codelists.get("triage_code"))


def replay_matches(record: Mapping[str, Any], guidance: Guidance) -> bool:
    suggestion = record["suggestion"]
    code = guidance.suggestion.code if guidance.suggestion else None
    return (
        list(guidance.fired_ids) == list(record["fired_rules"])
        and code == suggestion["code"]
        and list(suggested_pathways(guidance)) == list(suggestion["pathways"])
    )
