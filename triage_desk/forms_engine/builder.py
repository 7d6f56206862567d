"""Turn one parsed form document into a checked :class:`Form`, collecting every problem found.

Three passes: structure (keys, types, ids, choices) → parse expressions and order calculations →
type-check every expression against the form's fields. A form with any problem is not built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from triage_desk.forms_engine.compile_form import compile_sections
from triage_desk.forms_engine.expressions.tokens import KEYWORDS
from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.schema import CodeList, FieldType, Form, Section
from triage_desk.forms_engine.yaml_source import YDict, YList

ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FORM_ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
FORM_KEYS = {"form", "version", "title", "description", "sections"}
SECTION_KEYS = {"id", "title", "shortcut", "help", "shown_when", "fields"}
COMMON_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "required",
    "required_when",
    "shown_when",
    "constraint",
    "constraint_message",
    "default",
    "read_only",
    "calculation",
}
EXTRA_KEYS: dict[FieldType, set[str]] = {
    FieldType.TEXT: {"max_length"},
    FieldType.LONG_TEXT: {"max_length"},
    FieldType.DATETIME: {"now_button"},
    FieldType.SINGLE_CHOICE: {"choices"},
    FieldType.MULTI_CHOICE: {"choices"},
    FieldType.REPEAT: {"fields"},
    FieldType.CLOCK: {"clock"},
}


def build_form(
    doc: object, path: Path, codelists: Mapping[str, CodeList], sha256: str
) -> tuple[Form | None, list[Problem]]:
    return _Builder(path, codelists).build(doc, sha256)


class _Builder:
    def __init__(self, path: Path, codelists: Mapping[str, CodeList]) -> None:
        self.path = path
        self.codelists = codelists
        self.problems: list[Problem] = []
        self.raw: dict[str, YDict] = {}  # field id -> its YAML mapping (all levels)
        self.parent: dict[str, str | None] = {}  # field id -> repeat id or None

    def problem(self, line: int, field: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, field, message, fix))

    # -- pass 1: structure ------------------------------------------------------------------------
    def build(self, doc: object, sha256: str) -> tuple[Form | None, list[Problem]]:
        if not isinstance(doc, YDict) or "form" not in doc:
            self.problem(
                getattr(doc, "line", 1),
                None,
                "this is not a form file (no 'form:' key at the top)",
                "start the file with 'form: <form-id>', 'version: <n>', 'title:' and 'sections:'",
            )
            return None, self.problems
        self.unknown_keys(doc, FORM_KEYS, None)
        form_id = doc.get("form")
        if not isinstance(form_id, str) or not FORM_ID_RE.match(form_id):
            self.problem(
                doc.line_of("form"),
                None,
                f"form id {form_id!r} is not valid",
                "use lower-case letters, digits and hyphens, e.g. 'triage-contact'",
            )
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(
                doc.line_of("version"),
                None,
                f"version {version!r} is not a whole number ≥ 1",
                "write 'version: 1' (a change to a released form is a new version number)",
            )
        title = self.text(doc, "title", None, required=True)
        sections_raw = doc.get("sections")
        if not isinstance(sections_raw, YList) or not sections_raw:
            self.problem(doc.line_of("sections"), None, "the form has no sections", "add a 'sections:' list")
            return None, self.problems
        drafts = [self.section(s, i, sections_raw) for i, s in enumerate(sections_raw)]
        section_drafts = [d for d in drafts if d is not None]
        self.check_shortcuts(section_drafts)
        if self.problems:
            return None, self.problems
        sections = self.compile_all(section_drafts)
        if self.problems or sections is None:
            return None, self.problems
        by_id = {f.id: f for s in sections for top in s.fields for f in (top, *top.fields)}
        form = Form(
            str(form_id),
            int(version),
            str(title),
            tuple(sections),
            self.path,
            sha256,
            self.text(doc, "description", None),
            by_id,
        )
        return form, self.problems

    def unknown_keys(self, node: YDict, allowed: set[str], field: str | None) -> None:
        for key in node:
            if key not in allowed:
                self.problem(
                    node.line_of(str(key)),
                    field,
                    f"unknown attribute '{key}'",
                    "remove it or use one of: " + ", ".join(sorted(allowed)),
                )

    def text(self, node: YDict, key: str, field: str | None, required: bool = False) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node.line, field, f"'{key}' is missing", f"add '{key}: ...'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(node.line_of(key), field, f"'{key}' must be text", f'write {key}: "..." in quotes')
            return None
        return value.strip()

    def flag(self, node: YDict, key: str, field: str | None) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.problem(node.line_of(key), field, f"'{key}' must be true or false", f"write '{key}: true'")
            return False
        return value

    def section(self, raw: object, index: int, parent: YList) -> tuple[YDict, list[YDict]] | None:
        if not isinstance(raw, YDict):
            self.problem(
                parent.item_lines[index],
                None,
                "a section must be a block with id, title and fields",
                "write '- id: ...' then 'title:' and 'fields:' indented below",
            )
            return None
        self.unknown_keys(raw, SECTION_KEYS, None)
        sid = raw.get("id")
        if not isinstance(sid, str) or not ID_RE.match(sid):
            self.problem(
                raw.line_of("id"),
                None,
                f"section id {sid!r} is not valid",
                "use lower_case_with_underscores, starting with a letter",
            )
        self.text(raw, "title", None, required=True)
        fields = raw.get("fields")
        if not isinstance(fields, YList) or not fields:
            self.problem(
                raw.line_of("fields"), None, f"section {sid!r} has no fields", "add a 'fields:' list"
            )
            return None
        return raw, [f for f in (self.field_shape(f, i, fields, None) for i, f in enumerate(fields)) if f]

    def field_shape(self, raw: object, index: int, parent: YList, repeat: str | None) -> YDict | None:
        if not isinstance(raw, YDict):
            self.problem(
                parent.item_lines[index],
                None,
                "a field must be a block with id, type and label",
                "write '- id: ...' then 'type:' and 'label:' indented below",
            )
            return None
        fid = raw.get("id")
        if not isinstance(fid, str) or not ID_RE.match(fid) or fid in KEYWORDS:
            self.problem(
                raw.line_of("id"),
                str(fid),
                f"field id {fid!r} is not valid",
                "use lower_case_with_underscores (max 64), starting with a letter, not a keyword",
            )
            return None
        if fid in self.raw:
            self.problem(
                raw.line_of("id"),
                fid,
                f"duplicate field id (first defined on line {self.raw[fid].line})",
                "give each field a unique id",
            )
            return None
        self.raw[fid] = raw
        self.parent[fid] = repeat
        try:
            ftype = FieldType(raw.get("type"))
        except ValueError:
            self.problem(
                raw.line_of("type"),
                fid,
                f"unknown type {raw.get('type')!r}",
                "use one of: " + ", ".join(t.value for t in FieldType),
            )
            return None
        self.unknown_keys(raw, COMMON_KEYS | EXTRA_KEYS.get(ftype, set()), fid)
        self.text(raw, "label", fid, required=True)
        if ftype is FieldType.REPEAT:
            if repeat is not None:
                self.problem(raw.line, fid, "repeat groups cannot be nested", "flatten the inner repeat")
            children = raw.get("fields")
            if not isinstance(children, YList) or not children:
                self.problem(raw.line_of("fields"), fid, "repeat group has no fields", "add a 'fields:' list")
            else:
                for i, child in enumerate(children):
                    self.field_shape(child, i, children, fid)
        if ftype is FieldType.CALCULATED and "calculation" not in raw:
            self.problem(
                raw.line, fid, "calculated field has no calculation", "add 'calculation: <expression>'"
            )
        if "constraint" in raw and not raw.get("constraint_message"):
            self.problem(
                raw.line_of("constraint"),
                fid,
                "constraint has no constraint_message",
                "add 'constraint_message:' telling the nurse what to enter instead",
            )
        return raw

    def check_shortcuts(self, sections: list[tuple[YDict, list[YDict]]]) -> None:
        seen: dict[str, str] = {}
        for raw, _ in sections:
            key = raw.get("shortcut")
            if key is None:
                continue
            if not isinstance(key, str):
                self.problem(raw.line_of("shortcut"), None, "shortcut must be text like 'Alt+1'", "quote it")
            elif key in seen:
                self.problem(
                    raw.line_of("shortcut"),
                    None,
                    f"shortcut {key} is also used by section {seen[key]}",
                    "give each section its own shortcut",
                )
            else:
                seen[key] = str(raw.get("id"))

    # -- passes 2 and 3 live in compile_form.py to keep modules small ------------------------------
    def compile_all(self, sections: list[tuple[YDict, list[YDict]]]) -> list[Section] | None:
        return compile_sections(self, sections)
