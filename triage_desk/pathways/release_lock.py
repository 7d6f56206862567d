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
import tomllib
from pathlib import Path

from triage_desk.forms_engine.loader import content_hash
from triage_desk.forms_engine.problems import Problem

RULES_LOCK_FILE = "RELEASED.toml"
_HEADER = re.compile(r"^(rule_set|version):\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def check_released_rules(folder: Path) -> list[Problem]:
    """Problems with the released rule files in ``folder`` (none if it has no lock file)."""
    lock = folder / RULES_LOCK_FILE
    if not lock.is_file():
        return []
    try:
        text = lock.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [Problem(lock, 0, None, f"malformed TOML: {exc}", "fix the syntax of the release lock")]
    entry_lines = [n for n, ln in enumerate(text.splitlines(), 1) if ln.strip() == "[[released]]"]
    entries = data.get("released", [])
    problems: list[Problem] = []
    released: dict[tuple[str, int], Path] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        line = entry_lines[i] if i < len(entry_lines) else 0
        rule_set, version, rel, sha = (entry.get(k) for k in ("rule_set", "version", "path", "sha256"))
        if not (
            isinstance(rule_set, str)
            and isinstance(version, int)
            and isinstance(rel, str)
            and isinstance(sha, str)
        ):
            problems.append(
                Problem(
                    lock,
                    line,
                    None,
                    "release entry needs rule_set, version, path and sha256",
                    "copy the shape of the other [[released]] entries",
                )
            )
            continue
        label = f"{rule_set} v{version}"
        if (rule_set, version) in released:
            problems.append(
                Problem(lock, line, None, f"{label} is released twice", "keep one entry per version")
            )
            continue
        path = folder / rel
        released[(rule_set, version)] = path.resolve()
        if not path.is_file():
            problems.append(
                Problem(
                    lock,
                    line,
                    None,
                    f"released rule set {label} ({rel}) is missing",
                    "restore the file: stored suggestions are replayed with it",
                )
            )
            continue
        actual = content_hash(path)
        if actual != sha:
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    f"released rule set {label} has been edited since it was released "
                    f"(sha256 {actual[:12]}… ≠ released {sha[:12]}…)",
                    f"restore this file (git checkout); released rules are never edited, so make a "
                    f"new version: copy it to rules-v{version + 1}.yaml, set version: {version + 1} "
                    "and change the copy",
                )
            )
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
    return (
        f'[[released]]\nrule_set = "{rule_set}"\nversion = {version}\npath = "{path.name}"\n'
        f'sha256 = "{content_hash(path)}"\n'
    )
