"""Connects the editor's widgets to the answers and the form engine.

After every change: read the changed widget's value into the answers, re-evaluate the whole form
(FormState: visibility, required, constraint errors, calculations — well under 5 ms for F1), and
apply the result to the widgets. Then ``answers_changed`` tells the autosave. A timer re-evaluates
every 30 s so ``now()``-based calculations (hours remaining) stay current without typing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from triage_desk.forms_engine.evaluation import Evaluator, FormState
from triage_desk.forms_engine.expressions import EvalContext
from triage_desk.forms_engine.signing_validation import SignProblem, validate_for_signing
from triage_desk.ui.forms.field_widgets import FieldWidget
from triage_desk.ui.forms.form_editor import FormEditor


class FormController(QObject):
    answers_changed = Signal()
    state_changed = Signal()

    def __init__(
        self,
        editor: FormEditor,
        evaluator: Evaluator,
        answers: Mapping[str, object],
        clock: Callable[[], datetime],
        zone: str,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.evaluator = evaluator
        self._clock = clock
        self._zone = zone
        self._answers: dict[str, object] = dict(answers)
        self.errors: dict[str, str] = {}
        self.missing_shown: set[str] = set()  # required-but-empty paths flagged after a sign attempt
        self.state = FormState()
        for fid, widget in editor.widgets.items():
            if fid in self._answers:
                widget.set_value(self._answers[fid])
            widget.changed.connect(lambda fid=fid, w=widget: self._widget_changed(fid, w))
        self.refresh()
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()

    def context(self) -> EvalContext:
        now = self._clock()
        return EvalContext(now=now, zone_today=now.astimezone(ZoneInfo(self._zone)).date())

    def answers(self) -> dict[str, object]:
        return dict(self._answers)

    def _widget_changed(self, fid: str, widget: FieldWidget) -> None:
        value = widget.value()
        if value is None:
            self._answers.pop(fid, None)
        else:
            self._answers[fid] = value
        self.refresh()
        self.answers_changed.emit()

    def set_answer(self, fid: str, value: object) -> None:
        """Set an answer from outside the field (one-keystroke timings); shows it and autosaves."""
        widget = self.editor.widgets[fid]
        widget.set_value(value)
        self._answers[fid] = value
        self.refresh()
        self.answers_changed.emit()

    def refresh(self) -> None:
        self.state = self.evaluator.evaluate(self._answers, self.context())
        self.errors = {**self.state.errors, **self.editor.input_errors()}
        self.missing_shown &= set(self.state.missing)
        self.editor.apply(self.state, self.errors, self.missing_shown)
        self.state_changed.emit()

    def signing_problems(self) -> list[SignProblem]:
        """Everything that stops signing, including text typed into a field that could not be read."""
        problems = validate_for_signing(self.evaluator.form, self._answers, self.context(), self.evaluator)
        seen = {p.field for p in problems}
        problems += [SignProblem(p, m) for p, m in self.editor.input_errors().items() if p not in seen]
        return problems

    def flag_missing(self) -> None:
        """After a refused sign attempt, mark every required-but-empty field at the field too."""
        self.missing_shown = set(self.state.missing)
        self.editor.apply(self.state, self.errors, self.missing_shown)
        self.state_changed.emit()
