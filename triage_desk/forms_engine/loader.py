"""Load code lists and forms from a folder, and build the :class:`FormLibrary` the app uses.

Folder layout (see forms/README.md)::

    forms/codelists/<codelist-id>.yaml
    forms/<form-id>/v<version>.yaml
    forms/RELEASED.toml           # lock: sha256 of every released form version

A site may place an override folder of the same shape in its config dir. A broken site file never
stops the app: it is reported as a warning and the bundled version is used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.forms_engine.builder import ID_RE, build_form
from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.schema import Choice, CodeList, Form
from triage_desk.forms_engine.yaml_source import YamlSourceError, YDict, YList, load_yaml

CODELIST_KEYS = {"codelist", "title", "description", "choices"}


def content_hash(path: Path) -> str:
    """sha256 of the file with line endings normalised, so a Windows checkout hashes the same."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def _read(path: Path, problems: list[Problem]) -> object | None:
    try:
        doc, duplicates = load_yaml(path)
    except YamlSourceError as exc:
        problems.append(
            Problem(
                path,
                exc.line,
                None,
                exc.message,
                "fix the YAML syntax at this line (check indentation, colons and closing quotes)",
            )
        )
        return None
    for line, message in duplicates:
        problems.append(Problem(path, line, None, message, "remove or rename one of them"))
    return doc


def load_codelist(path: Path) -> tuple[CodeList | None, list[Problem]]:
    problems: list[Problem] = []
    doc = _read(path, problems)
    if doc is None:
        return None, problems
    if not isinstance(doc, YDict) or not isinstance(doc.get("codelist"), str):
        problems.append(
            Problem(
                path,
                getattr(doc, "line", 1),
                None,
                "this is not a code list (no 'codelist:' key)",
                "start the file with 'codelist: <id>', 'title:' and 'choices:'",
            )
        )
        return None, problems
    for key in doc:
        if key not in CODELIST_KEYS:
            problems.append(
                Problem(
                    path,
                    doc.line_of(str(key)),
                    None,
                    f"unknown attribute '{key}'",
                    "use only: " + ", ".join(sorted(CODELIST_KEYS)),
                )
            )
    cid = doc["codelist"]
    if not ID_RE.match(cid) or path.stem != cid:
        problems.append(
            Problem(
                path,
                doc.line_of("codelist"),
                None,
                f"code list id '{cid}' does not match the file name or is not lower_case_with_underscores",
                f"name the file {cid}.yaml",
            )
        )
    raw = doc.get("choices")
    if not isinstance(raw, YList) or not raw:
        problems.append(
            Problem(path, doc.line_of("choices"), None, "code list has no choices", "add 'choices:'")
        )
        return None, problems
    choices: list[Choice] = []
    for i, item in enumerate(raw):
        line = raw.item_lines[i]
        value = item.get("value") if isinstance(item, YDict) else None
        if not isinstance(value, str) or not value:
            problems.append(
                Problem(
                    path,
                    line,
                    None,
                    f"choice value {value!r} is not quoted text",
                    'quote every value, e.g. value: "01", so YAML keeps it as text',
                )
            )
            continue
        if not isinstance(item.get("label"), str):
            problems.append(Problem(path, line, None, f"choice '{value}' has no label", "add 'label: ...'"))
            continue
        if value in {c.value for c in choices}:
            problems.append(
                Problem(path, line, None, f"duplicate choice value '{value}'", "make each value unique")
            )
            continue
        extra = tuple((str(k), str(v)) for k, v in item.items() if k not in ("value", "label", "help"))
        choices.append(Choice(value, item["label"], item.get("help"), extra))
    if problems:
        return None, problems
    return CodeList(cid, str(doc.get("title") or cid), tuple(choices), path, doc.line), problems


def load_codelists(root: Path) -> tuple[dict[str, CodeList], list[Problem]]:
    result: dict[str, CodeList] = {}
    problems: list[Problem] = []
    for path in sorted((root / "codelists").glob("*.yaml")):
        codelist, found = load_codelist(path)
        problems += found
        if codelist is not None:
            result[codelist.id] = codelist
    return result, problems


def form_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/v*.yaml") if p.parent.name != "codelists")


def load_form(path: Path, codelists: dict[str, CodeList]) -> tuple[Form | None, list[Problem]]:
    problems: list[Problem] = []
    doc = _read(path, problems)
    if doc is None or problems:
        return None, problems
    form, found = build_form(doc, path, codelists, content_hash(path))
    problems += found
    if form is not None:
        expected = (path.parent.name, f"v{form.version}")
        if (form.id, path.stem) != expected:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    f"form {form.id} v{form.version} is stored as {path.parent.name}/{path.name}",
                    f"store it as {form.id}/v{form.version}.yaml so versions cannot be confused",
                )
            )
            return None, problems
    return form, problems


@dataclass
class FormLibrary:
    """Every usable form version, keyed by (form id, version); plus warnings to show the user."""

    forms: dict[tuple[str, int], Form] = field(default_factory=dict)
    codelists: dict[str, CodeList] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, form_id: str, version: int | None = None) -> Form:
        if version is None:
            version = max((v for (fid, v) in self.forms if fid == form_id), default=0)
        try:
            return self.forms[(form_id, version)]
        except KeyError:
            raise KeyError(f"form {form_id} v{version} is not available") from None

    def latest(self) -> dict[str, Form]:
        result: dict[str, Form] = {}
        for (fid, _), form in sorted(self.forms.items()):
            result[fid] = form
        return result


def load_folder(root: Path) -> tuple[FormLibrary, list[Problem]]:
    codelists, problems = load_codelists(root)
    library = FormLibrary(codelists=codelists)
    for path in form_files(root):
        form, found = load_form(path, codelists)
        problems += found
        if form is None:
            continue
        key = (form.id, form.version)
        if key in library.forms:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    f"form {form.id} v{form.version} is also defined in {library.forms[key].source}",
                    "a version number is used once: bump it",
                )
            )
            continue
        library.forms[key] = form
    return library, problems


def load_form_library(bundled_dir: Path, override_dir: Path | None) -> FormLibrary:
    """Bundled forms, with valid site overrides on top. Broken site files become warnings, not errors.

    Site code lists replace bundled ones of the same id only if every site form still builds; a site
    form is built against bundled code lists overlaid with the site's.
    """
    library, problems = load_folder(bundled_dir)
    if problems:  # A broken bundled form is a packaging defect, caught by tests and CI.
        library.warnings += [f"bundled form problem: {p}" for p in problems]
    if override_dir is None or not override_dir.is_dir():
        return library
    site_lists, list_problems = load_codelists(override_dir)
    for p in list_problems:
        library.warnings.append(
            f"site code list in {p.file} is invalid: {p.message}; using the bundled version"
        )
    merged = {**library.codelists, **site_lists}
    for path in form_files(override_dir):
        form, found = load_form(path, merged)
        if form is None:
            first = found[0] if found else None
            what = f"line {first.line}: {first.message} — {first.fix}" if first else "it could not be loaded"
            label = f"{path.parent.name} {path.stem}"
            library.warnings.append(
                f"site form {label} in {path} is invalid: {what}; using the bundled version"
            )
            continue
        library.forms[(form.id, form.version)] = form
    library.codelists = merged
    return library
