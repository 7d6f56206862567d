"""The local services directory: who to call for each pathway, their number and hours.

Bundled files live in ``resources/services/*.yaml``; a site overrides them without a rebuild in its
config dir ``site/services/*.yaml``: an entry with the same id replaces the bundled one, a new id is
added, ``active: false`` hides one. Every file is validated (UK phone number, opening-hours syntax,
known category) and problems say ``file:line: service <id>: what — what to do``. An invalid site
entry is skipped with a warning and the bundled entry stays (hazard H4, stale or broken directory).

Supervisors edit the directory in the app: their changes go to ``site/services/site-services.yaml``
(``EDITOR_FILE``, read after every other site file), never to the bundled files, written atomically.
The same checks (``entry_problems``) guard a file, the editor's fields and the save.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import yaml

from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.yaml_source import YamlSourceError, YDict, YList, load_yaml
from triage_desk.pathways.guidance import ServiceLine
from triage_desk.pathways.opening_hours import HoursSyntaxError, OpeningHours, parse_hours
from triage_desk.pathways.phone import phone_problem

CATEGORIES = {
    "crisis_team": "Crisis / home-treatment team",
    "nhs111_mh": "NHS 111 mental health option",
    "nhs111": "NHS 111 (urgent medical advice)",
    "crisis_cafe": "Crisis café / safe haven",
    "camhs_crisis": "CAMHS crisis",
    "amhp_service": "AMHP service",
    "ed_liaison": "ED mental health liaison",
    "s136_suite": "Health-based place of safety (s136 suite)",
    "cmht": "Community mental health team",
    "older_adult_mh": "Older-adult mental health",
    "ld_team": "Learning disability team",
    "substance_service": "Drug and alcohol service",
    "da_service": "Domestic abuse service / IDVA",
    "marac": "MARAC coordinator",
    "childrens_social_care": "Children's social care front door",
    "adult_social_care": "Adult social care",
    "housing": "Housing options",
    "helpline": "Listening helpline",
}
SERVICE_KEYS = {"id", "name", "category", "phone", "hours", "area", "notes", "active"}
EDITOR_FILE = "site-services.yaml"
SERVICE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class ServiceEntry:
    id: str
    name: str
    category: str
    phone: str
    hours: OpeningHours
    area: str = ""
    notes: str = ""
    active: bool = True
    source: str = ""

    def as_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "phone": self.phone,
            "hours": self.hours.text,
        }
        data.update({k: v for k, v in (("area", self.area), ("notes", self.notes)) if v})
        if not self.active:
            data["active"] = False
        return data


def load_services_file(path: Path) -> tuple[list[ServiceEntry], list[Problem]]:
    try:
        doc, duplicates = load_yaml(path)
    except YamlSourceError as exc:
        return [], [Problem(path, exc.line, None, exc.message, "fix the YAML syntax at this line")]
    problems = [Problem(path, line, None, msg, "remove one of them") for line, msg in duplicates]
    raw = doc.get("services") if isinstance(doc, YDict) else None
    if not isinstance(raw, YList):
        return [], [Problem(path, 1, None, "no 'services:' list", "start the file with services: and a list")]
    entries, seen = [], set()
    for i, item in enumerate(raw):
        line = raw.item_lines[i]
        entry = _entry(path, line, item, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(
                Problem(path, line, f"service {entry.id}", "id used twice", "give each its own id")
            )
            continue
        seen.add(entry.id)
        entries.append(entry)
    return entries, problems


def entry_problems(name: object, category: object, phone: object, hours: object) -> dict[str, str]:
    """What is wrong with each field of a service entry, keyed by field; empty if it is valid."""
    problems: dict[str, str] = {}
    if not isinstance(name, str) or not name.strip():
        problems["name"] = "no name: write the service's name as callers know it"
    if category not in CATEGORIES:
        problems["category"] = f"unknown category {category!r}: use one of: " + ", ".join(CATEGORIES)
    if (why := phone_problem(str(phone or ""))) is not None:
        problems["phone"] = why
    try:
        parse_hours(str(hours or ""))
    except HoursSyntaxError as exc:
        problems["hours"] = f"opening hours: {exc}"
    return problems


def id_problem(service_id: str, taken: set[str]) -> str | None:
    if not SERVICE_ID_RE.match(service_id):
        return f"'{service_id}' is not an id: use lower case letters, digits and '_', e.g. wexley_crisis_team"
    if service_id in taken:
        return f"id '{service_id}' is already used by another service: choose another"
    return None


def make_entry(
    service_id: str,
    name: str,
    category: str,
    phone: str,
    hours: str,
    area: str = "",
    notes: str = "",
    active: bool = True,
    *,
    taken: Iterable[str] = (),
) -> tuple[ServiceEntry | None, dict[str, str]]:
    """A validated entry from typed-in values, or None and the problem of each field (key 'id' too)."""
    problems = entry_problems(name, category, phone, hours)
    if (why := id_problem(service_id, set(taken))) is not None:
        problems["id"] = why
    if problems:
        return None, problems
    hours_parsed = parse_hours(hours)
    entry = ServiceEntry(
        service_id, name.strip(), category, phone.strip(), hours_parsed, area.strip(), notes.strip(), active
    )
    return entry, {}


def suggest_id(name: str, taken: set[str]) -> str:
    """A readable unused id from a name: 'Wexley Crisis Line' -> 'wexley_crisis_line'."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "service"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _entry(path: Path, line: int, item: object, problems: list[Problem]) -> ServiceEntry | None:
    if not isinstance(item, YDict) or not isinstance(item.get("id"), str):
        problems.append(Problem(path, line, None, "service without an id", "add id: lower_case_id"))
        return None
    sid = item["id"]
    subject = f"service {sid}"
    before = len(problems)

    def bad(key: str, message: str, fix: str) -> None:
        problems.append(Problem(path, item.line_of(key), subject, message, fix))

    for key in item:
        if key not in SERVICE_KEYS:
            bad(str(key), f"unknown key '{key}'", "use: " + ", ".join(sorted(SERVICE_KEYS)))
    name, category, phone = item.get("name"), item.get("category"), str(item.get("phone") or "")
    fixes = {
        "name": 'add name: "..."',
        "category": "use one of: " + ", ".join(CATEGORIES),
        "phone": 'quote the number: phone: "01632 960123"',
        "hours": "fix the hours text",
    }
    for key, message in entry_problems(name, category, phone, item.get("hours")).items():
        bad(key, message.split(": use one of")[0], fixes[key])
    if len(problems) > before:
        return None
    return ServiceEntry(
        sid,
        str(name).strip(),
        str(category),
        phone.strip(),
        parse_hours(str(item.get("hours") or "")),
        str(item.get("area") or ""),
        str(item.get("notes") or ""),
        item.get("active", True) is not False,
        str(path),
    )


@dataclass
class ServicesDirectory:
    entries: dict[str, ServiceEntry]
    warnings: list[str]

    def for_category(self, category: str) -> list[ServiceEntry]:
        return [e for e in self.entries.values() if e.category == category and e.active]

    def lines_for(self, categories: tuple[str, ...], at: datetime) -> tuple[ServiceLine, ...]:
        lines = []
        for category in categories:
            for e in self.for_category(category):
                is_open, _ = e.hours.status(at)
                lines.append(
                    ServiceLine(e.id, e.name, e.phone, e.hours.text, e.hours.describe(at), is_open, e.notes)
                )
        return tuple(lines)


def site_files(site: Path | None, *, include_editor_file: bool = True) -> list[Path]:
    """Site services files in load order: the in-app editor's file last, so its changes win."""
    if site is None or not site.is_dir():
        return []
    files = sorted(site.glob("*.yaml"), key=lambda p: (p.name == EDITOR_FILE, p.name))
    return [p for p in files if include_editor_file or p.name != EDITOR_FILE]


def load_directory(
    bundled: Path, site: Path | None, *, include_editor_file: bool = True
) -> tuple[ServicesDirectory, list[Problem]]:
    """Bundled entries with valid site entries on top; problems in bundled files are returned."""
    entries: dict[str, ServiceEntry] = {}
    problems: list[Problem] = []
    for path in sorted(bundled.glob("*.yaml")):
        found, bad = load_services_file(path)
        problems += bad
        entries.update({e.id: e for e in found})
    warnings = []
    for path in site_files(site, include_editor_file=include_editor_file):
        found, bad = load_services_file(path)
        warnings += [f"site services file entry skipped: {p}" for p in bad]
        entries.update({e.id: e for e in found})
    return ServicesDirectory(entries, warnings), problems


def site_overrides(base: dict[str, ServiceEntry], wanted: list[ServiceEntry]) -> list[ServiceEntry]:
    """What the editor's file must hold so that ``base`` plus the file gives exactly ``wanted``.

    An entry equal to its base entry is left out (so a later bundled update still reaches the
    site); a base entry missing from ``wanted`` is kept as ``active: false`` (hidden, restorable).
    """
    wanted_ids = {e.id for e in wanted}
    result = [e for e in wanted if e.id not in base or base[e.id].as_yaml() != e.as_yaml()]
    result += [replace(b, active=False) for b in base.values() if b.id not in wanted_ids and b.active]
    return result


def write_site_file(
    path: Path, entries: list[ServiceEntry], *, changed_by: str = "", at: datetime | None = None
) -> None:
    """Write the site override file (supervisor edits) atomically: a temporary file in the same
    folder, flushed to disk, then renamed over the old one — a crash leaves the old or the new
    file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    who = f" by {changed_by}" if changed_by else ""
    when = f" at {at:%Y-%m-%d %H:%M %Z}" if at else ""
    text = (
        f"# Site overrides of the services directory, written by Triage Desk{who}{when}.\n"
        "# Edit in the app (Edit services directory…); entries here replace bundled ones with the same id.\n"
        + yaml.safe_dump({"services": [e.as_yaml() for e in entries]}, sort_keys=False, allow_unicode=True)
    )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
