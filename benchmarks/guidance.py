"""Guidance evaluation speed (budget: 20 ms per change), beside a trivial-expression baseline.

Run: .venv/bin/python benchmarks/guidance.py
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from triage_desk.forms_engine.expressions import EvalContext, compile_expression, evaluate
from triage_desk.forms_engine.expressions.types import T, VarInfo
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.platform.resources import forms_dir
from triage_desk.services.guidance_service import GuidanceService

ANSWERS = {
    "presenting_concern": ["welfare_concern", "severe_distress", "intoxication_withdrawal"],
    "known_to_mh_services": "yes",
    "risk_self_ideation": "yes",
    "risk_self_plan": "no",
    "risk_self_means": "no",
    "location_type": "public_place",
    "s136_considered": "yes",
    "children_present": "yes",
    "da_disclosed": "yes",
    "previous_contacts_30d": 8,
    "police_action": "no_deployment_refer",
    "date_of_birth": datetime(1990, 1, 1).date(),
}


def timed(fn, runs: int = 300) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main() -> None:
    forms = load_form_library(forms_dir(), None)
    service = GuidanceService.build(forms, None)
    form = forms.get("triage-contact")
    node, _ = compile_expression("x > 1", {"x": VarInfo(T.NUMBER)})
    ctx = EvalContext()
    at = datetime.now(UTC)
    rows = [
        ("baseline: one trivial expression", *timed(lambda: evaluate(node, {"x": 2}, ctx))),
        ("guidance: F1, 12 answers, services", *timed(lambda: service.evaluate(form, ANSWERS, at))),
    ]
    print(f"{'case':<40} {'median ms':>10} {'p99 ms':>10}")
    for name, med, p99 in rows:
        print(f"{name:<40} {med:>10.3f} {p99:>10.3f}")
    print("budget: 20 ms per change")


if __name__ == "__main__":
    main()
