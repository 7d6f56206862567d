"""JSON Schema (draft 2020-12) for form files, generated from the same definitions the loader uses,
so editors can validate and autocomplete YAML. Semantic checks (references, types of expressions,
cycles) are only done by ``triage-desk forms check``."""

from __future__ import annotations

from triage_desk.forms_engine.builder import COMMON_KEYS, EXTRA_KEYS, FORM_ID_RE, ID_RE, SECTION_KEYS
from triage_desk.forms_engine.compile_form import CLOCK_KEYS
from triage_desk.forms_engine.schema import YES_NO_UNKNOWN, FieldType

_EXPR = {"type": "string", "description": "expression, see forms/README.md"}
_PROPS: dict[str, dict[str, object]] = {
    "id": {"type": "string", "pattern": ID_RE.pattern},
    "type": {"enum": [t.value for t in FieldType]},
    "label": {"type": "string"},
    "help": {"type": "string", "description": "plain-English 'why this matters'"},
    "required": {"type": "boolean"},
    "required_when": _EXPR,
    "shown_when": _EXPR,
    "constraint": _EXPR,
    "calculation": _EXPR,
    "constraint_message": {"type": "string"},
    "default": {
        "description": f"a value of the field's type; yes/no/unknown fields take {list(YES_NO_UNKNOWN)}"
    },
    "read_only": {"type": "boolean"},
    "max_length": {"type": "integer", "minimum": 1},
    "now_button": {"type": "boolean"},
    "choices": {
        "oneOf": [
            {"type": "string", "description": "code list id (forms/codelists/<id>.yaml)"},
            {"type": "array", "items": {"$ref": "#/$defs/choice"}},
        ]
    },
    "fields": {"type": "array", "items": {"$ref": "#/$defs/field"}},
    "clock": {"$ref": "#/$defs/clock"},
}


def _field_variant(ftype: FieldType) -> dict[str, object]:
    keys = sorted(COMMON_KEYS | EXTRA_KEYS.get(ftype, set()))
    props = {k: _PROPS[k] for k in keys}
    props["type"] = {"const": ftype.value}
    required = ["id", "type", "label"] + (["calculation"] if ftype is FieldType.CALCULATED else [])
    required += {FieldType.CLOCK: ["clock"], FieldType.REPEAT: ["fields"]}.get(ftype, [])
    required += ["choices"] if ftype in (FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE) else []
    return {
        "if": {"properties": {"type": {"const": ftype.value}}},
        "then": {"properties": props, "required": required, "additionalProperties": False},
    }


def form_json_schema() -> dict[str, object]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://triage-desk.invalid/form.schema.json",
        "title": "Triage Desk form file (forms/<form-id>/v<version>.yaml)",
        "type": "object",
        "required": ["form", "version", "title", "sections"],
        "additionalProperties": False,
        "properties": {
            "form": {"type": "string", "pattern": FORM_ID_RE.pattern},
            "version": {"type": "integer", "minimum": 1},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"}},
        },
        "$defs": {
            "section": {
                "type": "object",
                "required": ["id", "title", "fields"],
                "additionalProperties": False,
                "properties": {
                    k: v
                    for k, v in {
                        "id": _PROPS["id"],
                        "title": {"type": "string"},
                        "help": {"type": "string"},
                        "shortcut": {"type": "string", "description": "e.g. Alt+1"},
                        "shown_when": _EXPR,
                        "fields": _PROPS["fields"],
                    }.items()
                    if k in SECTION_KEYS
                },
            },
            "field": {
                "type": "object",
                "required": ["id", "type", "label"],
                "allOf": [_field_variant(t) for t in FieldType],
            },
            "choice": {
                "type": "object",
                "required": ["value", "label"],
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "help": {"type": "string"},
                },
            },
            "clock": {
                "type": "object",
                "required": ["start", "limit_hours"],
                "additionalProperties": False,
                "properties": {
                    k: {"type": "string"}
                    if k in ("start", "extension_hours_field")
                    else {"type": "number", "minimum": 0}
                    for k in sorted(CLOCK_KEYS)
                },
            },
        },
    }
