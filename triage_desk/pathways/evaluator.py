"""Turn (rule set, form, answers, time) into :class:`Guidance`. Pure and Qt-free: the panel, the CLI
and replay all call :func:`evaluate_guidance`, so they cannot disagree.

Decisions (see docs/clinical-safety/hazard-log.md):
- Conditions see the same values the form does (calculated fields computed, hidden fields null),
  via the form engine's evaluator, so ``under_18`` means exactly what the form shows.
- The most urgent code among fired rules wins; every rule giving that code is named, and rules
  suggesting a lower urgency are listed as "also considered" — never silently dropped.
- Rules without a code (safeguarding, frequent contact, process rules) never change the code: a
  contact count can never downgrade a call (R25).
- A rule whose expression fails on these answers is reported in ``errors`` and shown, not ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from triage_desk.domain.clock import DEFAULT_ZONE
from triage_desk.forms_engine.evaluation import Evaluator, is_answered
from triage_desk.forms_engine.expressions import EvalContext, ExpressionError, Node, evaluate, names
from triage_desk.forms_engine.schema import CodeList, Form
from triage_desk.pathways.guidance import (
    ChecklistLine,
    ChecklistResult,
    Evidence,
    FiredRule,
    Guidance,
    PathwayResult,
    ServiceLine,
    Suggestion,
)
from triage_desk.pathways.model import Condition, Rule, RuleSet, urgency
from triage_desk.pathways.rcrp import assess_rcrp

ServiceLookup = Callable[[tuple[str, ...], datetime], tuple[ServiceLine, ...]]
_EVALUATORS: dict[tuple[str, int, str], Evaluator] = {}


class _Env:
    """One evaluation pass: the form's values at one instant, and any expression failures."""

    def __init__(self, form: Form, answers: Mapping[str, object], at: datetime) -> None:
        key = (form.id, form.version, form.sha256)
        evaluator = _EVALUATORS.get(key)
        if evaluator is None:
            evaluator = _EVALUATORS[key] = Evaluator(form)
        zone_today = at.astimezone(ZoneInfo(DEFAULT_ZONE)).date()
        self.ctx = EvalContext(now=at, zone_today=zone_today)
        self.state = evaluator.evaluate(answers, self.ctx)
        self.values = self.state.values
        self.answered = {k for k, v in answers.items() if is_answered(v)}
        self.form = form
        self.answers = answers
        self.errors: list[str] = []

    def truth(self, cond: Condition | None, subject: str, default: bool = True) -> bool | None:
        if cond is None:
            return default
        node = cond.for_form(self.form.id)
        if node is None:
            return None  # not written for this form: cannot be judged automatically
        return self.run(node, subject) is True

    def run(self, node: Node, subject: str) -> object:
        try:
            return evaluate(node, self.values, self.ctx, self.answered)
        except ExpressionError as exc:
            self.errors.append(f"{subject}: {exc}")
            return None

    def evidence(self, nodes: list[Node]) -> tuple[Evidence, ...]:
        seen: list[str] = []
        for node in nodes:
            seen += [n for n in sorted(names(node)) if n not in seen]
        result = []
        for fid in seen:
            f = self.form.fields_by_id.get(fid)
            raw = self.answers.get(fid) if not (f and f.is_computed) else self.values.get(fid)
            if f is None or raw is None or raw == [] or raw == "":
                continue
            result.append(Evidence(fid, f.label, _display(f, raw)))
        return tuple(result)


def _display(f: object, raw: object) -> str:
    choices = {c.value: c.label for c in getattr(f, "choices", ())}
    if isinstance(raw, list | tuple):
        return ", ".join(choices.get(str(v), str(v)) for v in raw) if raw else "none"
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, datetime):
        return raw.astimezone(ZoneInfo(DEFAULT_ZONE)).strftime("%d/%m/%Y %H:%M")
    return choices.get(str(raw), str(raw))


def evaluate_guidance(
    rule_set: RuleSet,
    form: Form,
    answers: Mapping[str, object],
    at: datetime,
    triage_codes: CodeList | None = None,
    services: ServiceLookup | None = None,
) -> Guidance:
    env = _Env(form, answers, at)
    fired: list[tuple[Rule, FiredRule]] = []
    for rule in rule_set.rules_for(form.id):
        node = rule.when.for_form(form.id)
        if node is None or env.run(node, rule.id) is not True:
            continue
        fired.append((rule, _fire(rule, env)))
    suggestion = _suggest([f for _, f in fired], triage_codes)
    rcrp = assess_rcrp(rule_set.rcrp, [(r, f) for r, f in fired], env.truth, form.id)
    return Guidance(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        rule_set_sha256=rule_set.sha256,
        form_id=form.id,
        form_version=form.version,
        at=at,
        suggestion=suggestion,
        fired=tuple(f for _, f in fired),
        rcrp=rcrp,
        checklists=_checklists(rule_set, fired, env),
        pathways=_pathways(rule_set, fired, env, at, services),
        police=tuple((f.id, f.police) for _, f in fired if f.police),
        errors=tuple(env.errors),
    )


def _fire(rule: Rule, env: _Env) -> FiredRule:
    code, reason, nodes = rule.code, None, [rule.when.nodes[env.form.id]]
    for variant in rule.variants:
        if env.truth(variant.when, rule.id, default=False):
            code = variant.code or code
            reason = variant.reason
            nodes.append(variant.when.nodes[env.form.id])
            break
    return FiredRule(
        id=rule.id,
        title=rule.title,
        code=code,
        base_code=rule.code,
        variant_reason=reason,
        rationale=rule.rationale,
        sources=rule.sources,
        police=rule.police,
        evidence=env.evidence(nodes),
        quickref=rule.quickref,
        to_be_confirmed=rule.unconfirmed,
    )


def _suggest(fired: list[FiredRule], codes: CodeList | None) -> Suggestion | None:
    coded = [f for f in fired if f.code]
    if not coded:
        return None
    best = min(urgency(f.code or "G") for f in coded)
    top = [f for f in coded if f.code and urgency(f.code) == best]
    code = top[0].code or ""
    lower = sorted({f"{f.id} ({f.code})" for f in coded if f not in top})
    why = f"{' and '.join(f.id for f in top)} suggest{'s' if len(top) == 1 else ''} {code}"
    if len(top) > 1:
        why += " — they agree, so all are shown as reasons"
    if lower:
        why += f"; also fired with lower urgency: {', '.join(lower)} — the most urgent code is suggested"
    choice = next((c for c in codes.choices if c.value == code), None) if codes else None
    target = dict(choice.extra).get("target_response", "") if choice else ""
    evidence: list[Evidence] = []
    for f in top:
        evidence += [e for e in f.evidence if e not in evidence]
    return Suggestion(
        code, choice.label if choice else code, target, tuple(f.id for f in top), why + ".", tuple(evidence)
    )


def _checklists(
    rule_set: RuleSet, fired: list[tuple[Rule, FiredRule]], env: _Env
) -> tuple[ChecklistResult, ...]:
    by_id: dict[str, list[str]] = {}
    for rule, _ in fired:
        for cid in rule.checklists:
            by_id.setdefault(cid, []).append(rule.id)
    results = []
    for cid, rule_ids in by_id.items():
        checklist = rule_set.checklists[cid]
        lines = []
        for item in checklist.items:
            subject = f"checklist {cid}"
            if item.problem is not None and env.truth(item.problem, subject, default=False):
                status = "problem"
            elif item.done is not None and env.truth(item.done, subject, default=False):
                status = "done"
            else:
                status = "open"
            lines.append(ChecklistLine(item.text, status))
        results.append(
            ChecklistResult(
                cid, checklist.title, checklist.source, tuple(lines), tuple(rule_ids), checklist.quickref
            )
        )
    return tuple(results)


def _pathways(
    rule_set: RuleSet,
    fired: list[tuple[Rule, FiredRule]],
    env: _Env,
    at: datetime,
    services: ServiceLookup | None,
) -> tuple[PathwayResult, ...]:
    # Rank: rules by urgency of their (effective) code, uncoded rules after coded ones, then file order.
    ordered = sorted(enumerate(fired), key=lambda p: (urgency(p[1][1].code) if p[1][1].code else 99, p[0]))
    found: dict[str, tuple[str | None, list[str]]] = {}
    for _, (rule, result) in ordered:
        for ref in rule.pathways:
            if ref.when is not None and env.truth(ref.when, rule.id, default=False) is not True:
                continue  # a conditional pathway (e.g. LD team only when LD is recorded)
            code, ids = found.setdefault(ref.id, (result.code, []))
            ids.append(rule.id)
    results = []
    for rank, (pid, (code, ids)) in enumerate(found.items(), 1):
        pathway = rule_set.pathways[pid]
        lines = services(pathway.service_categories, at) if services and pathway.service_categories else ()
        results.append(PathwayResult(rank, pid, pathway.title, code, tuple(ids), lines))
    return tuple(results)
