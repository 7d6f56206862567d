"""Passes 2 and 3 of building a form: resolve choices, parse and type-check expressions, order
calculations (rejecting cycles) and validate defaults and clocks. Problems go to the builder."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from triage_desk.forms_engine.dependencies import CycleError, topological_order
from triage_desk.forms_engine.expressions import ExpressionError, T, VarInfo, check, names, parse
from triage_desk.forms_engine.expressions.ast import Node
from triage_desk.forms_engine.schema import (
    VALUE_TYPES,
    YES_NO_UNKNOWN,
    Choice,
    ClockSpec,
    Expr,
    Field,
    FieldType,
    Section,
)
from triage_desk.forms_engine.yaml_source import YDict, YList

if TYPE_CHECKING:
    from triage_desk.forms_engine.builder import _Builder

CLOCK_KEYS = {"start", "limit_hours", "extension_hours_field", "max_extension_hours"}
_BOOL_EXPRS = ("shown_when", "required_when", "constraint")


def compile_sections(b: _Builder, sections: list[tuple[YDict, list[YDict]]]) -> list[Section] | None:
    choices = {fid: _choices(b, fid, raw) for fid, raw in b.raw.items()}
    parsed = {fid: _parse_all(b, fid, raw) for fid, raw in b.raw.items()}
    section_shown = {id(raw): _parse(b, None, raw, "shown_when") for raw, _ in sections}
    if b.problems:
        return None
    # Dependencies (shown_when, calculation, clock inputs, enclosing section's shown_when).
    deps: dict[str, set[str]] = {}
    for raw, fields in sections:
        extra = names(section_shown[id(raw)]) if section_shown[id(raw)] else frozenset()
        for f in fields:
            for fid in (f["id"], *(c["id"] for c in (f.get("fields") or []) if isinstance(c, YDict))):
                deps[fid] = set(extra if fid == f["id"] else ())
    for fid, exprs in parsed.items():
        for key in ("shown_when", "calculation"):
            if exprs.get(key) is not None:
                deps[fid] |= names(exprs[key])
        clock = b.raw[fid].get("clock")
        if isinstance(clock, YDict):
            deps[fid] |= {
                v for k, v in clock.items() if k in ("start", "extension_hours_field") and isinstance(v, str)
            }
    try:
        for group in _groups(b):
            topological_order({fid: deps[fid] for fid in group}, group)
    except CycleError as exc:
        first = exc.cycle[0]
        b.problem(
            b.raw[first].line,
            first,
            "shown-when/calculations form a cycle: " + " → ".join(exc.cycle),
            "remove one of these references so each value can be worked out from the others",
        )
        return None
    # Types: plain fields first, then calculated fields in dependency order.
    info: dict[str, VarInfo] = {}
    for fid, raw in b.raw.items():
        ftype = FieldType(raw["type"])
        if ftype is not FieldType.CALCULATED:
            vals = frozenset(c.value for c in choices[fid]) if choices[fid] is not None else None
            info[fid] = VarInfo(VALUE_TYPES[ftype], vals)
    calc_types: dict[str, T] = {}
    for group in _groups(b):
        for fid in topological_order({f: deps[f] for f in group}, group):
            expr = parsed[fid].get("calculation")
            if expr is None:
                continue
            want = None if FieldType(b.raw[fid]["type"]) is FieldType.CALCULATED else info[fid].type
            t = _check(b, fid, "calculation", expr, _scope(b, fid, info), want)
            if t is not None:
                calc_types[fid] = t
                info.setdefault(fid, VarInfo(t))
    for fid, exprs in parsed.items():
        for key in _BOOL_EXPRS:
            if exprs.get(key) is not None:
                _check(b, fid, key, exprs[key], _scope(b, fid, info), T.BOOL)
    for raw, _ in sections:
        node = section_shown[id(raw)]
        if node is not None:
            _check(b, None, "shown_when", node, _scope(b, None, info), T.BOOL, raw)
    clocks = {
        fid: _clock(b, fid, raw, info)
        for fid, raw in b.raw.items()
        if FieldType(raw["type"]) is FieldType.CLOCK
    }
    for fid, raw in b.raw.items():
        if "default" in raw:
            _default(b, fid, raw, choices[fid])
    if b.problems:
        return None

    def make(raw: YDict) -> Field:
        fid = raw["id"]
        ftype = FieldType(raw["type"])
        exprs = {
            k: (
                Expr(
                    str(raw[k]),
                    v,
                    calc_types.get(fid, T.BOOL) if k == "calculation" else T.BOOL,
                    raw.line_of(k),
                )
                if v is not None
                else None
            )
            for k, v in parsed[fid].items()
        }
        return Field(
            id=fid,
            type=ftype,
            label=str(raw["label"]).strip(),
            line=raw.line,
            help=str(raw["help"]).strip() if raw.get("help") else None,
            required=bool(raw.get("required", False)),
            required_when=exprs.get("required_when"),
            shown_when=exprs.get("shown_when"),
            constraint=exprs.get("constraint"),
            constraint_message=raw.get("constraint_message"),
            default=raw.get("default"),
            calculation=exprs.get("calculation"),
            read_only=bool(raw.get("read_only", False))
            or ftype in (FieldType.CALCULATED, FieldType.CLOCK)
            or "calculation" in raw,
            max_length=raw.get("max_length"),
            choices=choices[fid] or (),
            choices_ref=raw["choices"] if isinstance(raw.get("choices"), str) else None,
            fields=tuple(make(c) for c in (raw.get("fields") or []) if isinstance(c, YDict)),
            clock=clocks.get(fid),
            now_button=bool(raw.get("now_button", ftype is FieldType.DATETIME)),
            value_type=info[fid].type,
        )

    result = []
    for raw, fields in sections:
        node = section_shown[id(raw)]
        shown = (
            Expr(str(raw["shown_when"]), node, T.BOOL, raw.line_of("shown_when"))
            if node is not None
            else None
        )
        result.append(
            Section(
                raw["id"],
                str(raw["title"]).strip(),
                raw.line,
                tuple(make(f) for f in fields),
                raw.get("shortcut"),
                raw.get("help"),
                shown,
            )
        )
    return result


def _groups(b: _Builder) -> list[list[str]]:
    """Top-level fields form one evaluation group; each repeat's children another."""
    groups: dict[str | None, list[str]] = {}
    for fid, parent in b.parent.items():
        groups.setdefault(parent, []).append(fid)
    return list(groups.values())


def _scope(b: _Builder, fid: str | None, info: Mapping[str, VarInfo]) -> dict[str, VarInfo]:
    """Top-level fields, plus siblings when inside a repeat (children of other repeats are out of reach)."""
    parent = b.parent.get(fid) if fid else None
    return {
        k: v
        for k, v in info.items()
        if b.parent.get(k) is None or (parent is not None and b.parent[k] == parent)
    }


def _parse(b: _Builder, fid: str | None, raw: YDict, key: str) -> Node | None:
    source = raw.get(key)
    if source is None:
        return None
    if isinstance(source, bool) and key in _BOOL_EXPRS:
        source = "true" if source else "false"
    if not isinstance(source, str):
        b.problem(raw.line_of(key), fid, f"{key} must be an expression in text", f'write {key}: "..."')
        return None
    try:
        return parse(source)
    except ExpressionError as exc:
        b.problem(
            raw.line_of(key),
            fid,
            f"{key} {source!r}: {exc.message} (at character {exc.position + 1})",
            exc.hint or "see forms/README.md for the expression syntax",
        )
        return None


def _parse_all(b: _Builder, fid: str, raw: YDict) -> dict[str, Node | None]:
    return {key: _parse(b, fid, raw, key) for key in (*_BOOL_EXPRS, "calculation")}


def _check(
    b: _Builder,
    fid: str | None,
    key: str,
    node: Node,
    scope: dict[str, VarInfo],
    want: T | None,
    raw: YDict | None = None,
) -> T | None:
    raw = raw if raw is not None else b.raw[fid or ""]
    try:
        return check(node, scope, want)
    except ExpressionError as exc:
        b.problem(
            raw.line_of(key),
            fid,
            f"{key} {raw.get(key)!r}: {exc.message} (at character {exc.position + 1})",
            exc.hint or "fix the expression so its types match (see forms/README.md)",
        )
        return None


def _choices(b: _Builder, fid: str, raw: YDict) -> tuple[Choice, ...] | None:
    if FieldType(raw["type"]) not in (FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE):
        return None
    spec = raw.get("choices")
    if isinstance(spec, str):
        codelist = b.codelists.get(spec)
        if codelist is None:
            b.problem(
                raw.line_of("choices"),
                fid,
                f"unknown code list '{spec}'",
                "add forms/codelists/" + spec + ".yaml or use one of: " + ", ".join(sorted(b.codelists)),
            )
            return ()
        return codelist.choices
    if not isinstance(spec, YList) or not spec:
        b.problem(
            raw.line_of("choices"),
            fid,
            "choice field has no choices",
            "write 'choices: <code list id>' or a list of '- {value: ..., label: ...}'",
        )
        return ()
    result = []
    for i, item in enumerate(spec):
        if not isinstance(item, YDict) or not isinstance(item.get("value"), str) or not item.get("label"):
            b.problem(
                spec.item_lines[i],
                fid,
                "each choice needs a quoted text value and a label",
                'write \'- {value: "code", label: "What the nurse sees"}\'',
            )
            continue
        if item["value"] in {c.value for c in result}:
            b.problem(
                spec.item_lines[i], fid, f"duplicate choice value '{item['value']}'", "make each value unique"
            )
        result.append(Choice(item["value"], str(item["label"]), item.get("help")))
    return tuple(result)


def _clock(b: _Builder, fid: str, raw: YDict, info: Mapping[str, VarInfo]) -> ClockSpec | None:
    spec = raw.get("clock")
    fix = (
        "write clock: {start: <datetime field>, limit_hours: 24, extension_hours_field: <number field>, "
        "max_extension_hours: 12}"
    )
    if not isinstance(spec, YDict):
        b.problem(raw.line, fid, "clock field has no 'clock:' settings", fix)
        return None
    for key in spec:
        if key not in CLOCK_KEYS:
            b.problem(spec.line_of(str(key)), fid, f"unknown clock setting '{key}'", fix)
    start, ext = spec.get("start"), spec.get("extension_hours_field")
    if not isinstance(start, str) or start not in info or info[start].type is not T.DATETIME:
        b.problem(
            spec.line_of("start"), fid, f"clock start {start!r} is not a date-time field of this form", fix
        )
        return None
    if ext is not None and (not isinstance(ext, str) or ext not in info or info[ext].type is not T.NUMBER):
        b.problem(
            spec.line_of("extension_hours_field"), fid, f"clock extension {ext!r} is not a number field", fix
        )
        return None
    limit, cap = spec.get("limit_hours"), spec.get("max_extension_hours", 0)
    if (
        not isinstance(limit, int | float)
        or isinstance(limit, bool)
        or limit <= 0
        or not isinstance(cap, int | float)
    ):
        b.problem(spec.line_of("limit_hours"), fid, "limit_hours must be a positive number of hours", fix)
        return None
    return ClockSpec(start, float(limit), ext, float(cap))


def _default(b: _Builder, fid: str, raw: YDict, choices: tuple[Choice, ...] | None) -> None:
    value, ftype = raw["default"], FieldType(raw["type"])
    ok = {
        FieldType.TEXT: lambda v: isinstance(v, str),
        FieldType.LONG_TEXT: lambda v: isinstance(v, str),
        FieldType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        FieldType.DECIMAL: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        FieldType.YES_NO_UNKNOWN: lambda v: v in YES_NO_UNKNOWN,
        FieldType.SINGLE_CHOICE: lambda v: v in {c.value for c in choices or ()},
        FieldType.MULTI_CHOICE: lambda v: isinstance(v, list) and set(v) <= {c.value for c in choices or ()},
        FieldType.DATE: lambda v: isinstance(v, date) and not isinstance(v, datetime),
        FieldType.TIME: lambda v: isinstance(v, time),
        FieldType.DATETIME: lambda v: isinstance(v, datetime),
    }.get(ftype)
    if ok is None or not ok(value):
        b.problem(
            raw.line_of("default"),
            fid,
            f"default {value!r} does not fit a {ftype.value} field",
            'quote yes/no/unknown and codes (e.g. default: "no"), or remove the default',
        )
