"""Load and type-check one rule file against the form library.

Every problem is a :class:`Problem` (``file:line: rule R3: what — what to do``), the shape
``forms check`` prints. A file with any problem is not loaded: a half-loaded rule set would give
guidance silently missing a rule, which is worse than no guidance (hazard H4 in the hazard log).
"""

from __future__ import annotations

import re
from pathlib import Path

from triage_desk.forms_engine.expressions import ExpressionError, T, VarInfo, compile_expression
from triage_desk.forms_engine.loader import FormLibrary, content_hash
from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.schema import Form
from triage_desk.forms_engine.yaml_source import YamlSourceError, YDict, YList, load_yaml
from triage_desk.pathways.model import (
    CODES,
    RCRP_VALUES,
    Alternative,
    Checklist,
    ChecklistItem,
    Condition,
    Pathway,
    PathwayRef,
    RcrpGround,
    RcrpSpec,
    Rule,
    RuleSet,
    Variant,
)

RULE_ID_RE = re.compile(r"^R\d{1,3}$")
TOP_KEYS = {"rule_set", "version", "title", "approved_by", "pathways", "checklists", "rcrp", "rules"}
RULE_KEYS = {
    "id",
    "title",
    "forms",
    "when",
    "code",
    "rationale",
    "source",
    "police",
    "rcrp",
    "alternative",
    "variants",
    "pathways",
    "checklists",
    "quickref",
    "to_be_confirmed",
}


def form_scope(form: Form) -> dict[str, VarInfo]:
    """What a rule condition may name on this form: its top-level fields, typed as in the form."""
    return {f.id: VarInfo(f.value_type, f.choice_values) for f in form.all_fields}


class _Loader:
    def __init__(self, path: Path, forms: FormLibrary) -> None:
        self.path = path
        self.latest = forms.latest()
        self.scopes = {fid: form_scope(f) for fid, f in self.latest.items()}
        self.problems: list[Problem] = []

    def problem(self, line: int, subject: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, subject, message, fix))

    def text(self, node: YDict, key: str, subject: str | None, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(node.line_of(key), subject, f"'{key}' is missing or empty", f'add {key}: "..."')
            return None
        return value.strip()

    def strings(self, node: YDict, key: str, subject: str | None) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem(node.line_of(key), subject, f"'{key}' must be a list of text", f"write {key}: [a, b]")
        return ()

    def condition(
        self, node: YDict, key: str, forms: tuple[str, ...], subject: str | None
    ) -> Condition | None:
        """``key: "expr"`` (every form of the rule) or ``key: {form-id: "expr", ...}``."""
        raw = node.get(key)
        line = node.line_of(key)
        if isinstance(raw, str):
            pairs = dict.fromkeys(forms, raw)
        elif isinstance(raw, dict) and raw and all(isinstance(v, str) for v in raw.values()):
            pairs = {str(k): v for k, v in raw.items()}
        else:
            self.problem(
                line,
                subject,
                f"'{key}' must be an expression or a map of form id to expression",
                f'write {key}: "..." or {key}: {{triage-contact: "..."}}',
            )
            return None
        nodes = {}
        for form_id, source in pairs.items():
            if form_id not in forms:
                self.problem(
                    line,
                    subject,
                    f"'{key}' is written for form '{form_id}', not one of this "
                    f"rule's forms ({', '.join(forms)})",
                    "add the form to 'forms:' or remove it",
                )
                continue
            scope = self.scopes.get(form_id)
            if scope is None:
                continue  # reported once, where 'forms:' is read
            try:
                nodes[form_id], _ = compile_expression(source, scope, T.BOOL)
            except ExpressionError as exc:
                self.problem(
                    line,
                    subject,
                    f"{key} on {form_id} {source!r}: {exc.message} (at character {exc.position + 1})",
                    exc.hint or "use field ids of that form (see forms/README.md)",
                )
        if len(nodes) != len(pairs):
            return None
        return Condition(pairs, nodes, line)

    def forms_of(self, node: YDict, subject: str) -> tuple[str, ...]:
        forms = self.strings(node, "forms", subject)
        if not forms:
            self.problem(
                node.line_of("forms"), subject, "no 'forms:' given", "list the form ids it applies to"
            )
        for form_id in forms:
            if form_id not in self.latest:
                self.problem(
                    node.line_of("forms"),
                    subject,
                    f"unknown form '{form_id}'",
                    "use a form id from forms/ (e.g. triage-contact)",
                )
        return tuple(f for f in forms if f in self.latest)


def load_rule_file(path: Path, forms: FormLibrary) -> tuple[RuleSet | None, list[Problem]]:
    ld = _Loader(path, forms)
    try:
        doc, duplicates = load_yaml(path)
    except YamlSourceError as exc:
        return None, [Problem(path, exc.line, None, exc.message, "fix the YAML syntax at this line")]
    for line, message in duplicates:
        ld.problem(line, None, message, "remove or rename one of them")
    if not isinstance(doc, YDict) or not isinstance(doc.get("rule_set"), str):
        ld.problem(
            1, None, "this is not a rule file (no 'rule_set:' key)", "start with rule_set: and version:"
        )
        return None, ld.problems
    for key in doc:
        if key not in TOP_KEYS:
            ld.problem(
                doc.line_of(str(key)), None, f"unknown key '{key}'", "use: " + ", ".join(sorted(TOP_KEYS))
            )
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        ld.problem(doc.line_of("version"), None, "version must be a whole number ≥ 1", "write version: 1")
        version = 0
    pathways = _pathways(ld, doc)
    rules = _rules(ld, doc, pathways)
    checklists = _checklists(ld, doc, rules)
    rcrp = _rcrp(ld, doc)
    for rule in rules:
        for cid in rule.checklists:
            if cid not in checklists:
                ld.problem(rule.line, rule.id, f"unknown checklist '{cid}'", "define it under 'checklists:'")
    if ld.problems or rcrp is None:
        return None, ld.problems
    return RuleSet(
        id=doc["rule_set"],
        version=version,
        title=str(doc.get("title") or doc["rule_set"]),
        sha256=content_hash(path),
        source=path,
        rules=tuple(rules),
        pathways=pathways,
        checklists=checklists,
        rcrp=rcrp,
        approved_by=doc.get("approved_by"),
    ), ld.problems


def _pathways(ld: _Loader, doc: YDict) -> dict[str, Pathway]:
    result: dict[str, Pathway] = {}
    raw = doc.get("pathways")
    for item in raw if isinstance(raw, YList) else []:
        if not isinstance(item, YDict) or not isinstance(item.get("id"), str):
            ld.problem(getattr(item, "line", doc.line), None, "pathway without an id", "add id:")
            continue
        title = ld.text(item, "title", item["id"]) or item["id"]
        result[item["id"]] = Pathway(item["id"], title, ld.strings(item, "services", item["id"]))
    return result


def _rules(ld: _Loader, doc: YDict, pathways: dict[str, Pathway]) -> list[Rule]:
    raw = doc.get("rules")
    if not isinstance(raw, YList) or not raw:
        ld.problem(doc.line_of("rules"), None, "no rules", "add 'rules:'")
        return []
    rules: list[Rule] = []
    seen: set[str] = set()
    for item in raw:
        rule = _rule(ld, item, pathways) if isinstance(item, YDict) else None
        if rule is None:
            continue
        if rule.id in seen:
            ld.problem(rule.line, rule.id, "rule id used twice", "give each rule its own id")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def _rule(ld: _Loader, item: YDict, pathways: dict[str, Pathway]) -> Rule | None:
    rid = item.get("id")
    if not isinstance(rid, str) or not RULE_ID_RE.match(rid):
        ld.problem(item.line, None, f"rule id {rid!r} is not R<number>", "write id: R29")
        return None
    for key in item:
        if key not in RULE_KEYS:
            ld.problem(
                item.line_of(str(key)), rid, f"unknown key '{key}'", "use: " + ", ".join(sorted(RULE_KEYS))
            )
    forms = ld.forms_of(item, rid)
    sources = ld.strings(item, "source", rid)
    if not sources:
        ld.problem(
            item.line_of("source") if "source" in item else item.line,
            rid,
            "no source given",
            "name the Act and section, agreement or guideline the rule rests on (source: [...])",
        )
    code = item.get("code")
    if code is not None and code not in CODES:
        ld.problem(item.line_of("code"), rid, f"code {code!r} is not a UK MHTS code", "use one of A–G")
        code = None
    rcrp = item.get("rcrp")
    if rcrp is not None and rcrp not in RCRP_VALUES:
        ld.problem(item.line_of("rcrp"), rid, f"rcrp {rcrp!r} is unknown", "use: " + ", ".join(RCRP_VALUES))
    when = ld.condition(item, "when", forms, rid)
    title, rationale = ld.text(item, "title", rid), ld.text(item, "rationale", rid)
    alternative = None
    alt = item.get("alternative")
    if isinstance(alt, YDict):
        agency, who = ld.text(alt, "agency", rid), ld.text(alt, "who_contacts", rid)
        alternative = Alternative(agency or "", who or "")
    elif rcrp == "not_met":
        ld.problem(
            item.line,
            rid,
            "a 'not met' rule must name the alternative agency (R28)",
            "add alternative: {agency: ..., who_contacts: ...}",
        )
    variants = _variants(ld, item, forms, rid)
    refs = _pathway_refs(ld, item, forms, rid, pathways)
    if when is None or title is None or rationale is None:
        return None
    return Rule(
        id=rid,
        title=title,
        forms=forms,
        when=when,
        code=code,
        rationale=rationale,
        sources=sources,
        line=item.line,
        police=ld.text(item, "police", rid, required=False),
        rcrp=rcrp,
        alternative=alternative,
        variants=variants,
        pathways=refs,
        checklists=ld.strings(item, "checklists", rid),
        quickref=ld.strings(item, "quickref", rid),
        unconfirmed=ld.text(item, "to_be_confirmed", rid, required=False),
    )


def _variants(ld: _Loader, item: YDict, forms: tuple[str, ...], rid: str) -> tuple[Variant, ...]:
    raw = item.get("variants")
    result = []
    for v in raw if isinstance(raw, YList) else []:
        if not isinstance(v, YDict):
            continue
        when = ld.condition(v, "when", tuple(forms), rid)
        code = v.get("code")
        if code is not None and code not in CODES:
            ld.problem(v.line_of("code"), rid, f"variant code {code!r} is not A–G", "use one of A–G")
        reason = ld.text(v, "reason", rid)
        if when is not None and reason is not None:
            result.append(Variant(when, code, reason, v.get("rcrp")))
    return tuple(result)


def _pathway_refs(
    ld: _Loader, item: YDict, forms: tuple[str, ...], rid: str, pathways: dict[str, Pathway]
) -> tuple[PathwayRef, ...]:
    raw = item.get("pathways")
    refs = []
    for p in raw if isinstance(raw, YList) else []:
        pid = p if isinstance(p, str) else p.get("id") if isinstance(p, YDict) else None
        if pid not in pathways:
            ld.problem(
                item.line_of("pathways"), rid, f"unknown pathway {pid!r}", "define it under 'pathways:'"
            )
            continue
        when = ld.condition(p, "when", forms, rid) if isinstance(p, YDict) and "when" in p else None
        refs.append(PathwayRef(str(pid), when))
    return tuple(refs)


def _checklists(ld: _Loader, doc: YDict, rules: list[Rule]) -> dict[str, Checklist]:
    result: dict[str, Checklist] = {}
    raw = doc.get("checklists")
    for c in raw if isinstance(raw, YList) else []:
        if not isinstance(c, YDict) or not isinstance(c.get("id"), str):
            continue
        cid = c["id"]
        # A checklist's expressions are checked on every form whose rules show it.
        forms = tuple(sorted({f for r in rules if cid in r.checklists for f in r.forms}))
        items = []
        raw_items = c.get("items")
        for it in raw_items if isinstance(raw_items, YList) else []:
            if not isinstance(it, YDict):
                continue
            text = ld.text(it, "text", cid)
            done = ld.condition(it, "done", forms, cid) if "done" in it else None
            problem = ld.condition(it, "problem", forms, cid) if "problem" in it else None
            if text:
                items.append(ChecklistItem(text, done, problem, it.line))
        source = ld.text(c, "source", cid)
        result[cid] = Checklist(
            cid, ld.text(c, "title", cid) or cid, source or "", tuple(items), ld.strings(c, "quickref", cid)
        )
    return result


def _rcrp(ld: _Loader, doc: YDict) -> RcrpSpec | None:
    raw = doc.get("rcrp")
    if not isinstance(raw, YDict):
        ld.problem(doc.line, None, "no 'rcrp:' section", "add the RCRP threshold grounds and caller script")
        return None
    forms = tuple(ld.latest)
    grounds = []
    for g in raw.get("grounds") or []:
        if isinstance(g, YDict) and g.get("id") in ("crime", "risk_to_life", "serious_harm"):
            when = ld.condition(g, "when", forms, "rcrp") if "when" in g else None
            grounds.append(RcrpGround(g["id"], ld.text(g, "label", "rcrp") or g["id"], when))
    not_met = ld.condition(raw, "not_met_when", forms, "rcrp") if "not_met_when" in raw else None
    source, script = ld.text(raw, "source", "rcrp"), ld.text(raw, "caller_script", "rcrp")
    if source is None or script is None:
        return None
    return RcrpSpec(source, tuple(grounds), not_met, script)
