"""The Right Care, Right Person block: is the police threshold met, on which ground, and if not,
who takes the call and what the caller is told (R28).

Met beats not met: if any fired rule or answer establishes a ground, police attendance is suggested
even if another rule read the call as below the threshold — the safer error (hazard H1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from triage_desk.pathways.guidance import FiredRule, RcrpGroundResult, RcrpResult
from triage_desk.pathways.model import Condition, RcrpSpec, Rule

Truth = Callable[[Condition | None, str, bool], bool | None]


def assess_rcrp(
    spec: RcrpSpec, fired: Sequence[tuple[Rule, FiredRule]], truth: Truth, form_id: str
) -> RcrpResult:
    labels = {g.id: g.label for g in spec.grounds}
    grounds: dict[str, RcrpGroundResult] = {}
    for ground in spec.grounds:
        if (
            ground.when is not None
            and ground.when.for_form(form_id) is not None
            and truth(ground.when, "rcrp", False)
        ):
            answer = ground.when.sources[form_id]
            grounds[ground.id] = RcrpGroundResult(ground.id, ground.label, f"answer: {answer}")
    not_met_rules: list[tuple[Rule, FiredRule]] = []
    for rule, result in fired:
        effective = _effective_rcrp(rule, result)
        if effective == "not_met":
            not_met_rules.append((rule, result))
        elif effective and effective not in grounds:
            grounds[effective] = RcrpGroundResult(effective, labels.get(effective, effective), rule.id)
    if grounds:
        return RcrpResult(
            "met", tuple(grounds.values()), spec.source, decided_by=tuple(g.by for g in grounds.values())
        )
    answered_not_met = (
        spec.not_met_when is not None
        and spec.not_met_when.for_form(form_id) is not None
        and truth(spec.not_met_when, "rcrp", False)
    )
    if not not_met_rules and not answered_not_met:
        return RcrpResult("undetermined", (), spec.source)
    rule = next((r for r, _ in not_met_rules if r.alternative), None)
    agency = rule.alternative.agency if rule and rule.alternative else None
    who = rule.alternative.who_contacts if rule and rule.alternative else None
    script = spec.caller_script.format(
        agency=agency or "[name the agency]", who_contacts=who or "[say who will contact them]"
    )
    return RcrpResult(
        "not_met",
        (),
        spec.source,
        agency=agency,
        who_contacts=who,
        caller_script=" ".join(script.split()),
        decided_by=tuple(r.id for r, _ in not_met_rules) or ("answers",),
    )


def _effective_rcrp(rule: Rule, result: FiredRule) -> str | None:
    if result.variant_reason is not None:
        for v in rule.variants:
            if v.reason == result.variant_reason and v.rcrp:
                return v.rcrp
    return rule.rcrp
