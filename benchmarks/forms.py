"""Form screen speed: opening F1 and the per-keystroke re-evaluation, each beside a baseline.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.forms

Targets: open F1 (every section built) < 150 ms; re-evaluation (skip logic, constraints,
calculations) + applying it to the widgets < 5 ms. Baselines, measured in the same run: the same
number of plain QLineEdits in a QFormLayout; copying the answers dict.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget  # noqa: E402

from tests.core.contacts.conftest import complete_f1  # noqa: E402
from triage_desk.forms_engine.evaluation import Evaluator  # noqa: E402
from triage_desk.forms_engine.loader import load_form_library  # noqa: E402
from triage_desk.platform.resources import forms_dir  # noqa: E402
from triage_desk.ui.forms.field_widgets import WidgetContext  # noqa: E402
from triage_desk.ui.forms.form_controller import FormController  # noqa: E402
from triage_desk.ui.forms.form_editor import FormEditor  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    form = load_form_library(forms_dir(), None).get("triage-contact")
    evaluator = Evaluator(form)
    ctx = WidgetContext()
    clock = lambda: datetime.now(UTC)  # noqa: E731
    n_fields = len(form.all_fields)

    def open_f1() -> None:
        editor = FormEditor(form, ctx)
        FormController(editor, evaluator, {}, clock, "Europe/London")
        editor.resize(1400, 900)
        editor.show()
        app.processEvents()
        editor.close()
        editor.deleteLater()

    def open_baseline() -> None:
        w = QWidget()
        layout = QFormLayout(w)
        for f in form.all_fields:
            layout.addRow(f.label, QLineEdit())
        w.resize(1400, 900)
        w.show()
        app.processEvents()
        w.close()
        w.deleteLater()

    open_f1()  # warm-up: style and font caches are built once per process
    rows = [("open F1 (all sections built, shown)", *timed(open_f1, 15), 150.0)]
    rows.append((f"  baseline: {n_fields} QLineEdits in a QFormLayout", *timed(open_baseline, 15), None))

    editor = FormEditor(form, ctx)
    answers = complete_f1()
    controller = FormController(editor, evaluator, answers, clock, "Europe/London")
    widget = editor.widgets["concern_narrative"]
    text = iter(range(10**6))

    def keystroke() -> None:  # what one typed character costs: value → evaluate → apply
        widget.set_value(f"x{next(text)}")
        controller._widget_changed("concern_narrative", widget)

    rows.append(("re-evaluate + apply per keystroke (F1, filled)", *timed(keystroke, 300), 5.0))
    engine = timed(lambda: evaluator.evaluate(answers), 300)
    rows.append(("  engine only: Evaluator.evaluate(F1)", *engine, None))
    rows.append(("  baseline: dict(answers) copy", *timed(lambda: dict(answers), 300), None))

    print(f"{'measure':52} {'median ms':>10} {'max ms':>8} {'target':>8}")
    for name, median, worst, target in rows:
        verdict = "" if target is None else (f"<{target:g} " + ("ok" if median < target else "SLOW"))
        print(f"{name:52} {median:10.3f} {worst:8.2f} {verdict:>8}")


if __name__ == "__main__":
    main()
