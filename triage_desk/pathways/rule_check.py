"""Rule-file checks for ``triage-desk forms check``: load problems (unknown fields, type errors,
missing sources, unknown checklists) plus rules that can never fire or are fully shadowed.

Fully shadowed: whenever rule B fires, an earlier rule A with at least B's urgency also fires and A
already gives every pathway and checklist B gives — so B can never change what the panel shows.
"""

from __future__ import annotations

from pathlib import Path

from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.problems import Problem
from triage_desk.pathways.library import rule_files
from triage_desk.pathways.model import Rule, RuleSet, urgency
from triage_desk.pathways.reachability import can_be_true, implies
from triage_desk.pathways.rules_loader import form_scope, load_rule_file


def check_rule_paths(paths: list[Path], forms: FormLibrary) -> tuple[list[Problem], int]:
    files: list[Path] = []
    for p in paths:
        files += rule_files(p) if p.is_dir() else [p]
    problems: list[Problem] = []
    for path in files:
        rule_set, found = load_rule_file(path, forms)
        problems += found
        if rule_set is not None:
            problems += logic_problems(rule_set, forms)
    return problems, len(files)


def logic_problems(rule_set: RuleSet, forms: FormLibrary) -> list[Problem]:
    problems = []
    latest = forms.latest()
    for form_id, form in latest.items():
        scope = form_scope(form)
        rules = rule_set.rules_for(form_id)
        for i, rule in enumerate(rules):
            node = rule.when.nodes[form_id]
            if not can_be_true(node, scope):
                problems.append(
                    Problem(
                        rule_set.source,
                        rule.line,
                        rule.id,
                        f"condition on {form_id} can never be true (unreachable)",
                        "check for contradictory answers, e.g. x = 'a' and x = 'b'",
                    )
                )
                continue
            for earlier in rules[:i]:
                if _adds_nothing(rule, earlier) and implies(node, earlier.when.nodes[form_id], scope):
                    problems.append(
                        Problem(
                            rule_set.source,
                            rule.line,
                            rule.id,
                            f"fully shadowed by {earlier.id} on {form_id}: it can never change "
                            "the suggestion, pathways or checklists",
                            f"remove it, or make it differ from {earlier.id}",
                        )
                    )
                    break
    return problems


def _adds_nothing(rule: Rule, other: Rule) -> bool:
    if rule.variants or other.variants or rule.rcrp != other.rcrp:
        return False
    if rule.code and (not other.code or urgency(other.code) > urgency(rule.code)):
        return False
    return {p.id for p in rule.pathways} <= {p.id for p in other.pathways} and set(rule.checklists) <= set(
        other.checklists
    )
