"""The local services directory: who to call for each pathway, their number and hours.

Bundled files live in ``resources/services/*.yaml``; a site overrides them without a rebuild in its
config dir ``site/services/*.yaml``: an entry with the same id replaces the bundled one, a new id is
added, ``active: false`` hides one. Every file is validated (UK phone number, opening-hours syntax,
known category) and problems say ``file:line: service <id>: what — what to do``. An invalid site
entry is skipped with a warning and the bundled entry stays (hazard H5, stale or broken directory).
"""

from __future__ import annotations

from dataclasses import dataclass
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
    name, category = item.get("name"), item.get("category")
    if not isinstance(name, str) or not name.strip():
        bad("name", "no name", 'add name: "..."')
    if category not in CATEGORIES:
        bad("category", f"unknown category {category!r}", "use one of: " + ", ".join(CATEGORIES))
    phone = str(item.get("phone") or "")
    if (why := phone_problem(phone)) is not None:
        bad("phone", why, 'quote the number: phone: "01632 960123"')
    hours = None
    try:
        hours = parse_hours(str(item.get("hours") or ""))
    except HoursSyntaxError as exc:
        bad("hours", f"opening hours: {exc}", "fix the hours text")
    if len(problems) > before or hours is None:
        return None
    return ServiceEntry(
        sid,
        str(name).strip(),
        str(category),
        phone.strip(),
        hours,
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


def load_directory(bundled: Path, site: Path | None) -> tuple[ServicesDirectory, list[Problem]]:
    """Bundled entries with valid site entries on top; problems in bundled files are returned."""
    entries: dict[str, ServiceEntry] = {}
    problems: list[Problem] = []
    for path in sorted(bundled.glob("*.yaml")):
        found, bad = load_services_file(path)
        problems += bad
        entries.update({e.id: e for e in found})
    warnings = []
    for path in sorted(site.glob("*.yaml")) if site is not None and site.is_dir() else []:
        found, bad = load_services_file(path)
        warnings += [f"site services file entry skipped: {p}" for p in bad]
        entries.update({e.id: e for e in found})
    return ServicesDirectory(entries, warnings), problems


def write_site_file(path: Path, entries: list[ServiceEntry]) -> None:
    """Write the site override file (supervisor edits); validated entries only, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Site overrides of the services directory, written by Triage Desk.\n" + yaml.safe_dump(
        {"services": [e.as_yaml() for e in entries]}, sort_keys=False, allow_unicode=True
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
