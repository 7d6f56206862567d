"""``triage-desk guide --form FORM_ID ANSWERS.json [--at ISO_TIME] [--json]``.

Prints the suggestion, reasons, RCRP block, checklists and services exactly as the guidance panel
would: both call GuidanceService.evaluate and the wording in pathways/presentation.py. Headless.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from triage_desk.domain.errors import ValidationError
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.pathways.answers_io import answers_from_json
from triage_desk.pathways.presentation import render_text
from triage_desk.platform.paths import resolve_paths
from triage_desk.platform.resources import forms_dir
from triage_desk.services.guidance_service import GuidanceService


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("guide", parents=[common], help="pathway guidance for a set of answers")
    p.add_argument("--form", required=True, metavar="FORM_ID", help="e.g. triage-contact")
    p.add_argument("answers", type=Path, metavar="ANSWERS.json", help="answers keyed by field id")
    p.add_argument("--at", metavar="ISO_TIME", help="evaluate as at this time (default: now)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    site = resolve_paths(getattr(args, "data_dir", None)).site_overrides_dir
    forms = load_form_library(forms_dir(), site / "forms")
    service = GuidanceService.build(forms, site)
    try:
        form = forms.get(args.form)
    except KeyError:
        raise ValidationError(
            f"Unknown form '{args.form}'.", hint="Use e.g. --form triage-contact."
        ) from None
    try:
        data = json.loads(args.answers.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValidationError(f"Cannot read {args.answers}: {exc}.") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{args.answers} must hold a JSON object of field id to answer.")
    at = _parse_at(args.at)
    guidance = service.evaluate(form, answers_from_json(form, data), at)
    if args.json:
        print(json.dumps(guidance.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(guidance))
    return 0


def _parse_at(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"--at {text!r} is not an ISO time.", hint="e.g. 2025-06-01T14:30+01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
