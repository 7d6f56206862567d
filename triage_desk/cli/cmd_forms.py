"""``triage-desk forms check [PATH...]`` and ``triage-desk forms schema``.

check prints one line per problem (``file:line: field <id>: what is wrong — what to do``) and
exits 1 if there is any. With no PATH it checks the bundled forms, the bundled rule files with their
release lock, and the quick-reference cards the rules link to. schema prints the JSON Schema for
form files (kept in forms/form.schema.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage_desk.forms_engine.checker import check_paths
from triage_desk.forms_engine.json_schema import form_json_schema
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.pathways.library import RULE_FILE_RE
from triage_desk.pathways.rule_check import check_rule_paths
from triage_desk.platform.resources import forms_dir, resources_dir


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("forms", parents=[common], help="check form files; print the form JSON Schema")
    sub = p.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="validate forms and code lists (default: the bundled forms)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="forms folder(s) or form files")
    check.set_defaults(handler=run_check)
    schema = sub.add_parser("schema", help="print the JSON Schema of form files")
    schema.set_defaults(handler=run_schema)


def run_check(args: argparse.Namespace) -> int:
    given = list(args.paths)
    # Rule files (rules-v<N>.yaml, or a folder of them) are checked against the bundled forms.
    rule_paths = [
        p for p in given if RULE_FILE_RE.match(p.name) or (p.is_dir() and any(p.glob("rules-v*.yaml")))
    ]
    form_paths = [p for p in given if p not in rule_paths] or ([] if given else [forms_dir()])
    if not given:
        rule_paths = [resources_dir() / "pathways"]
    problems, checked = check_paths(form_paths) if form_paths else ([], 0)
    if rule_paths:
        rule_problems, rule_count = check_rule_paths(
            rule_paths, load_form_library(forms_dir(), None), resources_dir() / "quickref"
        )
        problems, checked = problems + rule_problems, checked + rule_count
    for problem in problems:
        print(problem)
    if problems:
        print(f"triage-desk: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{checked} form, code list, rule and quick-reference file(s) OK")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(form_json_schema(), indent=2, sort_keys=False))
    return 0
