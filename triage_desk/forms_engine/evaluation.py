"""Evaluate a form against a draft's answers: visibility, required-ness, constraint errors and
calculated values — fast enough to run on every keystroke.

Design decisions (also in forms/README.md):
- Fields are evaluated in the dependency order computed once per form, so a value is final before
  anything reads it. Everything is re-evaluated on each call: for forms of F1's size that is well
  under a millisecond, and it is simpler and safer than incremental invalidation.
- A hidden field's answer is **kept in the draft** (the nurse may un-hide it; nothing typed is
  lost) but, as in XLSForm, it reads as null in every expression, and it is excluded from
  required and constraint checks and from signing validation.
- shown_when / required_when that evaluate to null count as false; a constraint that evaluates to
  null passes (it cannot be judged yet). An expression that fails at run time (e.g. division by
  zero) gives null and is listed in ``expression_errors``; it never raises.
"""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from triage_desk.forms_engine.dependencies import topological_order
from triage_desk.forms_engine.expressions import EvalContext, ExpressionError, evaluate, names
from triage_desk.forms_engine.schema import Expr, Field, FieldType, Form, Section


@dataclass
class FormState:
    values: dict[str, object] = field(default_factory=dict)  # expression value per path (null if hidden)
    visible: dict[str, bool] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # visible, required, unanswered paths
    errors: dict[str, str] = field(default_factory=dict)  # constraint message per path
    calculated: dict[str, object] = field(default_factory=dict)  # calculation and clock results
    expression_errors: dict[str, str] = field(default_factory=dict)


def to_expression_value(f: Field, raw: object) -> object:
    """The value an answer has inside expressions; wrong-typed or empty answers read as null."""
    if raw is None or raw == "" or raw == [] or raw == ():
        return None
    t = f.type
    if t is FieldType.YES_NO_UNKNOWN:
        return {"yes": True, "no": False}.get(raw) if isinstance(raw, str) else None
    if t is FieldType.MULTI_CHOICE:
        return tuple(raw) if isinstance(raw, list | tuple) and all(isinstance(v, str) for v in raw) else None
    if t is FieldType.REPEAT:
        return (
            tuple(raw) if isinstance(raw, list | tuple) and all(isinstance(r, Mapping) for r in raw) else None
        )
    if t is FieldType.INTEGER:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if t is FieldType.DECIMAL:
        ok = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
        return raw if ok else None
    if t is FieldType.DATE:
        return raw if isinstance(raw, date) and not isinstance(raw, datetime) else None
    if t is FieldType.DATETIME:
        return raw if isinstance(raw, datetime) and raw.tzinfo is not None else None
    if t is FieldType.TIME:
        return raw if isinstance(raw, time) else None
    return raw if isinstance(raw, str) else None


def is_answered(raw: object) -> bool:
    return raw is not None and raw != "" and raw != [] and raw != ()


class Evaluator:
    """Precomputes evaluation order for one form; :meth:`evaluate` is then cheap and side-effect free."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.section_of: dict[str, Section] = {f.id: s for s in form.sections for f in s.fields}
        top = [f for s in form.sections for f in s.fields]
        self.order = self._order(top, extra={f.id: self._section_deps(f.id) for f in top})
        self.child_order = {f.id: self._order(list(f.fields), {}) for f in top if f.type is FieldType.REPEAT}

    def _section_deps(self, fid: str) -> frozenset[str]:
        shown = self.section_of[fid].shown_when
        return names(shown.node) if shown else frozenset()

    @staticmethod
    def _order(fields: list[Field], extra: Mapping[str, frozenset[str]]) -> list[Field]:
        deps: dict[str, set[str]] = {}
        for f in fields:
            d = set(extra.get(f.id, ()))
            for e in (f.shown_when, f.calculation):
                if e is not None:
                    d |= names(e.node)
            if f.clock:
                d |= {f.clock.start} | ({f.clock.extension_field} if f.clock.extension_field else set())
            deps[f.id] = d
        by_id = {f.id: f for f in fields}
        return [by_id[i] for i in topological_order(deps, list(by_id))]

    def evaluate(self, answers: Mapping[str, object], ctx: EvalContext | None = None) -> FormState:
        ctx = ctx or EvalContext()
        state = FormState()
        env: dict[str, object] = {}
        answered = {k for k, v in answers.items() if is_answered(v)}
        section_visible: dict[str, bool] = {}
        for f in self.order:
            section = self.section_of[f.id]
            if section.id not in section_visible:
                section_visible[section.id] = self._truth(
                    section.shown_when, env, ctx, answered, state, section.id
                )
            visible = section_visible[section.id] and self._truth(
                f.shown_when, env, ctx, answered, state, f.id
            )
            value = self._value(f, answers.get(f.id), env, ctx, answered, state, f.id)
            env[f.id] = value if visible else None
            state.visible[f.id] = visible
            if f.type is FieldType.REPEAT and visible:
                self._rows(f, answers.get(f.id), env, ctx, state)
        state.values = env
        for f in self.order:
            self._checks(f, f.id, answers.get(f.id), env, ctx, answered, state)
        return state

    def _rows(
        self, f: Field, raw: object, env: dict[str, object], ctx: EvalContext, state: FormState
    ) -> None:
        rows = raw if isinstance(raw, list | tuple) else []
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                continue
            row_env: dict[str, object] = {}
            scope = ChainMap(row_env, env)
            row_answered = {k for k, v in row.items() if is_answered(v)}
            for child in self.child_order[f.id]:
                path = f"{f.id}[{i}].{child.id}"
                visible = self._truth(child.shown_when, scope, ctx, row_answered, state, path)
                value = self._value(child, row.get(child.id), scope, ctx, row_answered, state, path)
                row_env[child.id] = value if visible else None
                state.visible[path] = visible
                state.values[path] = row_env[child.id]
            for child in self.child_order[f.id]:
                self._checks(
                    child, f"{f.id}[{i}].{child.id}", row.get(child.id), scope, ctx, row_answered, state
                )

    def _value(
        self,
        f: Field,
        raw: object,
        env: Mapping[str, object],
        ctx: EvalContext,
        answered: set[str],
        state: FormState,
        path: str,
    ) -> object:
        if f.calculation is not None:
            value = self._run(f.calculation, env, ctx, answered, state, path)
            state.calculated[path] = value
            return value
        if f.clock is not None:
            start = env.get(f.clock.start)
            ext = env.get(f.clock.extension_field) if f.clock.extension_field else None
            value = None
            if isinstance(start, datetime):
                granted = (
                    min(max(float(ext), 0.0), f.clock.max_extension_hours)
                    if isinstance(ext, int | float)
                    else 0
                )
                value = start + timedelta(hours=f.clock.limit_hours + granted)
            state.calculated[path] = value
            return value
        return to_expression_value(f, raw)

    def _checks(
        self,
        f: Field,
        path: str,
        raw: object,
        env: Mapping[str, object],
        ctx: EvalContext,
        answered: set[str],
        state: FormState,
    ) -> None:
        if not state.visible.get(path, False) or f.is_computed:
            return
        required = f.required or (
            f.required_when is not None and self._truth(f.required_when, env, ctx, answered, state, path)
        )
        state.required[path] = required
        if required and not is_answered(raw):
            state.missing.append(path)
        if f.constraint is not None and is_answered(raw):
            local = ChainMap({f.id: to_expression_value(f, raw)}, env)
            if self._run(f.constraint, local, ctx, answered, state, path) is False:
                state.errors[path] = f.constraint_message or "This answer is not allowed."

    def _truth(
        self,
        expr: Expr | None,
        env: Mapping[str, object],
        ctx: EvalContext,
        answered: set[str],
        state: FormState,
        path: str,
    ) -> bool:
        if expr is None:
            return True
        return self._run(expr, env, ctx, answered, state, path) is True

    @staticmethod
    def _run(
        expr: Expr,
        env: Mapping[str, object],
        ctx: EvalContext,
        answered: set[str],
        state: FormState,
        path: str,
    ) -> object:
        try:
            return evaluate(expr.node, env, ctx, answered)
        except ExpressionError as exc:
            state.expression_errors[path] = str(exc)
            return None
