""" "Copy for police log": a short structured text officers need, and nothing more.

Caldicott principle 3 (minimum necessary): only the incident reference, the MHP advice (code and
pathway), the recommended police action, the RCRP outcome and key times. Never free-text formulation,
narrative, diagnosis or history fields — they are not read here at all, so they cannot leak.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from triage_desk.domain.clock import DEFAULT_ZONE
from triage_desk.pathways.guidance import Guidance

_TIMES = (
    ("call_received_at", "Call received"),
    ("mhp_involved_at", "MHP involved"),
    ("advice_given_at", "Advice given"),
    ("pos_arrived_at", "Arrived at PoS"),
    ("handover_at", "Handover"),
)


def police_log_text(guidance: Guidance, answers: Mapping[str, object], decision: Mapping[str, object]) -> str:
    code = decision.get("code") or (guidance.suggestion.code if guidance.suggestion else None)
    chosen = [str(p) for p in decision.get("pathways") or ()]  # type: ignore[attr-defined]
    titles = {p.id: p.title for p in guidance.pathways}
    lines = [
        f"Incident ref: {answers.get('incident_ref') or '[not recorded]'}",
        f"MHP advice: UK MHTS {code or '[not decided]'}",
    ]
    if chosen:
        lines.append("Pathway: " + "; ".join(titles.get(p, p) for p in chosen))
    if guidance.rcrp.status == "met":
        lines.append("RCRP: police threshold met (" + ", ".join(g.label for g in guidance.rcrp.grounds) + ")")
    elif guidance.rcrp.status == "not_met":
        lines.append(f"RCRP: threshold not met — police not attending; referred to {guidance.rcrp.agency}")
    actions = [a for _, a in guidance.police]
    if actions:
        lines.append("Recommended police action: " + " / ".join(dict.fromkeys(actions)))
    for field, label in _TIMES:
        value = answers.get(field)
        if isinstance(value, datetime):
            lines.append(f"{label}: {value.astimezone(ZoneInfo(DEFAULT_ZONE)):%d/%m/%Y %H:%M}")
    return "\n".join(lines)
