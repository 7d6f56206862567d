"""Wording shared by the guidance panel and ``triage-desk guide``: one place decides how a
suggestion, the RCRP block, a checklist line and a service's hours are said, so the CLI prints
exactly what the panel shows.
"""

from __future__ import annotations

from triage_desk.pathways.guidance import ChecklistLine, Guidance, RcrpResult, ServiceLine, Suggestion

MARKS = {"done": "[x]", "open": "[ ]", "problem": "[!]"}
ADVISORY = "Advisory only — you decide the code and the pathway."


def suggestion_heading(s: Suggestion | None) -> str:
    if s is None:
        return "No code suggested yet — answer more of the form, or decide on the facts."
    target = f" — {s.target}" if s.target else ""
    return f"Suggested: {s.label}{target}"


def rcrp_heading(r: RcrpResult) -> str:
    if r.status == "met":
        grounds = "; ".join(f"{g.label} ({g.by})" for g in r.grounds)
        return f"RCRP: police threshold MET — {grounds}"
    if r.status == "not_met":
        return f"RCRP: police threshold NOT met — refer to {r.agency or '[name the agency]'}"
    return "RCRP: not determined by these answers — decide on the facts (crime, or real and immediate risk)"


def checklist_line(line: ChecklistLine) -> str:
    return f"{MARKS[line.status]} {line.text}"


def service_line(s: ServiceLine) -> str:
    return f"{s.name} — {s.phone} — {s.status} ({s.hours})"


def render_text(g: Guidance) -> str:
    out = [
        f"Guidance for {g.form_id} v{g.form_version}, rules {g.rule_set_id} v{g.rule_set_version} "
        f"(sha256 {g.rule_set_sha256[:12]}), at {g.at.isoformat()}",
        ADVISORY,
        "",
    ]
    out.append(suggestion_heading(g.suggestion))
    if g.suggestion:
        out.append(f"  Why: {g.suggestion.explanation}")
        out += [f"  - {e.label}: {e.value}" for e in g.suggestion.evidence]
    out += ["", rcrp_heading(g.rcrp)]
    if g.rcrp.status == "not_met":
        out.append(f"  Who contacts them: {g.rcrp.who_contacts or '[say who]'}")
        out.append(f'  Tell the caller: "{g.rcrp.caller_script}"')
    for rid, action in g.police:
        out.append(f"  Police ({rid}): {action}")
    for c in g.checklists:
        out += ["", f"Checklist: {c.title} ({', '.join(c.rule_ids)}) — {c.source}"]
        out += [f"  {checklist_line(line)}" for line in c.items]
    if g.pathways:
        out += ["", "Pathways:"]
    for p in g.pathways:
        code = f" [{p.code}]" if p.code else ""
        out.append(f"  {p.rank}. {p.title}{code} ({', '.join(p.rule_ids)})")
        out += [f"     {service_line(s)}" for s in p.services]
    out += ["", "Why (rules that fired):"]
    for r in g.fired:
        variant = f" — {r.variant_reason}" if r.variant_reason else ""
        out.append(f"  {r.id} {r.title} [{r.code or '-'}{variant}]: {r.rationale}")
        out.append(f"     Source: {'; '.join(r.sources)}")
        if r.to_be_confirmed:
            out.append(f"     To be confirmed: {r.to_be_confirmed}")
    if not g.fired:
        out.append("  none")
    for e in g.errors:
        out.append(f"RULE ERROR (report to the clinical safety officer): {e}")
    return "\n".join(out)
