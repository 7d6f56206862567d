"""``triage-desk forms check [PATH...]`` and ``triage-desk forms schema``.

check prints one line per problem (``file:line: field <id>: what is wrong — what to do``) and
exits 1 if there is any; schema prints the JSON Schema for form files (kept in forms/form.schema.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from triage_desk.forms_engine.checker import check_paths
from triage_desk.forms_engine.json_schema import form_json_schema
from triage_desk.platform.resources import forms_dir


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("forms", parents=[common], help="check form files; print the form JSON Schema")
    sub = p.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="validate forms and code lists (default: the bundled forms)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="forms folder(s) or form files")
    check.set_defaults(handler=run_check)
    schema = sub.add_parser("schema", help="print the JSON Schema of form files")
    schema.set_defaults(handler=run_schema)


def run_check(args: argparse.Namespace) -> int:
    paths = list(args.paths) or [forms_dir()]
    problems, checked = check_paths(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"triage-desk: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{checked} form and code list file(s) OK")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(form_json_schema(), indent=2, sort_keys=False))
    return 0
