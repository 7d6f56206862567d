"""Rule-file checks for ``triage-desk forms check``: load problems (unknown fields, type errors,
missing sources, unknown checklists), rules that can never fire or are fully shadowed, quick-reference
links to cards that do not exist (and card files that cannot be read), and released rule files that
have been edited since release (``RELEASED.toml`` beside them).

Fully shadowed: whenever rule B fires, an earlier rule A with at least B's urgency also fires and A
already gives every pathway and checklist B gives — so B can never change what the panel shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.problems import Problem
from triage_desk.pathways.library import rule_files
from triage_desk.pathways.model import Rule, RuleSet, urgency
from triage_desk.pathways.quickref import quickref_dir_for, read_cards
from triage_desk.pathways.reachability import can_be_true, implies
from triage_desk.pathways.release_lock import check_released_rules
from triage_desk.pathways.rules_loader import form_scope, load_rule_file


def check_rule_paths(
    paths: list[Path], forms: FormLibrary, bundled_cards: Path | None = None
) -> tuple[list[Problem], int]:
    """Problems in the rule files (or folders of them) and how many files were checked.

    Card links resolve against ``bundled_cards`` plus the ``quickref/`` folder beside the rule
    folder (resources/quickref for the bundled rules, site/quickref for a site's).
    """
    files: list[Path] = []
    for p in paths:
        files += rule_files(p) if p.is_dir() else [p]
    problems: list[Problem] = []
    checked = len(files)
    folders = sorted({f.resolve().parent for f in files})
    cards: dict[Path, set[str]] = {}
    for folder in folders:
        problems += check_released_rules(folder)
        known: set[str] = set()
        for card_dir in dict.fromkeys(d for d in (bundled_cards, quickref_dir_for(folder)) if d is not None):
            found_cards, card_problems = read_cards(card_dir, local=False)
            known |= set(found_cards)
            if card_dir == quickref_dir_for(folder):
                problems += card_problems
                checked += len(found_cards) + len(card_problems)
        cards[folder] = known
    for path in files:
        rule_set, found = load_rule_file(path, forms)
        problems += found
        if rule_set is not None:
            problems += logic_problems(rule_set, forms)
            problems += card_link_problems(rule_set, cards[path.resolve().parent])
    return problems, checked


def card_link_problems(rule_set: RuleSet, known: set[str]) -> list[Problem]:
    """Every ``quickref:`` link of a rule or checklist must name a card that exists."""
    problems = []
    links = [(r.id, r.line, r.quickref) for r in rule_set.rules] + [
        (c.id, _line_of_id(rule_set.source, c.id), c.quickref) for c in rule_set.checklists.values()
    ]
    for subject, line, card_ids in links:
        for card_id in card_ids:
            if card_id not in known:
                problems.append(
                    Problem(
                        rule_set.source,
                        line,
                        subject,
                        f"quickref card '{card_id}' does not exist",
                        f"add resources/quickref/{card_id}.md (or a site card), or link one of: "
                        + ", ".join(sorted(known)),
                    )
                )
    return problems


def _line_of_id(path: Path, item_id: str) -> int:
    pattern = re.compile(rf"^\s*-\s*id:\s*{re.escape(item_id)}\s*$")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 0)


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
