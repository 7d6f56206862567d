"""The release lock of rule files: ``RELEASED.toml`` beside them, one entry per released version.

A stored suggestion is replayed with the exact rule file that made it, found by its sha256 (see
library.py). If a released file were edited in place, old decisions would silently be replayed with
rules they were never made with, so a released version is never edited: a change is a new file,
``rules-v<N+1>.yaml``. ``triage-desk forms check`` compares every released file's sha256 (line
endings normalised) with the lock and says so when it differs.

    [[released]]
    rule_set = "triage-desk-pathways"
    version = 1
    path = "rules-v1.yaml"
    sha256 = "…"
"""

from __future__ import annotations

import re
from pathlib import Path

from triage_desk.forms_engine.problems import Problem
from triage_desk.forms_engine.release_lock import LOCK_FILE, lock_entry, read_lock

RULES_LOCK_FILE = LOCK_FILE
_HEADER = re.compile(r"^(rule_set|version):\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def check_released_rules(folder: Path) -> list[Problem]:
    """Problems with the released rule files in ``folder`` (none if it has no lock file)."""
    entries, problems = read_lock(
        folder, key="rule_set", noun="rule set",
        missing_fix="restore the file: stored suggestions are replayed with it",
        edited_fix=lambda _name, version: (
            f"restore this file (git checkout); released rules are never edited, so make a "
            f"new version: copy it to rules-v{version + 1}.yaml, set version: {version + 1} "
            "and change the copy"
        ),
    )
    released = {(e.name, e.version): e.path.resolve() for e in entries}
    for path in sorted(folder.glob("rules-v*.yaml")):
        header = dict(_HEADER.findall(path.read_text(encoding="utf-8", errors="replace")))
        key = (
            header.get("rule_set", ""),
            int(header["version"]) if header.get("version", "").isdigit() else -1,
        )
        owner = released.get(key)
        if owner is not None and owner != path.resolve():
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    f"{key[0]} v{key[1]} is already released as {owner.name}",
                    "a released version number cannot be reused: give this file the next version number",
                )
            )
    return problems


def release_entry(path: Path, rule_set: str, version: int) -> str:
    """The TOML block to add to RELEASED.toml when a rule file is released."""
    return lock_entry("rule_set", rule_set, version, path.name, path)
