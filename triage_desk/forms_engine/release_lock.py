"""Reading a ``RELEASED.toml`` lock: the released versions of a folder's files, with their sha256.

Forms (``forms/RELEASED.toml``, keyed by ``form``) and pathway rules
(``resources/pathways/RELEASED.toml``, keyed by ``rule_set``) are locked the same way: a released
file is never edited, so an old record or an old suggestion always renders or replays with the file
it was made with. This module reads a lock and reports what is wrong with its entries; each caller
adds the checks particular to its files.

    [[released]]
    form = "triage-contact"        # or: rule_set = "triage-desk-pathways"
    version = 1
    path = "triage-contact/v1.yaml"
    sha256 = "…"
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from triage_desk.forms_engine.loader import content_hash
from triage_desk.forms_engine.problems import Problem

LOCK_FILE = "RELEASED.toml"


@dataclass(frozen=True)
class ReleasedEntry:
    name: str  # the form id or rule-set id
    version: int
    rel: str  # the path as written in the lock, relative to its folder
    path: Path
    line: int  # of the entry's [[released]] header in the lock
    exists: bool


def read_lock(
    folder: Path,
    *,
    key: str,
    noun: str,
    missing_fix: str,
    edited_fix: Callable[[str, int], str],
) -> tuple[list[ReleasedEntry], list[Problem]]:
    """The well-formed entries of ``folder``'s lock (first of any duplicate) and the problems found:
    a malformed lock or entry, a version released twice, a released file missing or edited.

    ``key`` names the entry's id field; ``noun`` ("form", "rule set") words the messages;
    ``edited_fix(name, version)`` says what to do instead of editing a released file."""
    lock = folder / LOCK_FILE
    if not lock.is_file():
        return [], []
    try:
        text = lock.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [], [Problem(lock, 0, None, f"malformed TOML: {exc}", "fix the syntax of the release lock")]
    header_lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[released]]"]
    raw = data.get("released", [])
    entries: list[ReleasedEntry] = []
    problems: list[Problem] = []
    seen: set[tuple[str, int]] = set()
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        line = header_lines[i] if i < len(header_lines) else 0
        name, version, rel, sha = (entry.get(k) for k in (key, "version", "path", "sha256"))
        if not (isinstance(name, str) and isinstance(version, int) and isinstance(rel, str)
                and isinstance(sha, str)):
            problems.append(Problem(lock, line, None, f"release entry needs {key}, version, path and sha256",
                                    "copy the shape of the other [[released]] entries"))
            continue
        if (name, version) in seen:
            problems.append(Problem(lock, line, None, f"{name} v{version} is released twice",
                                    "keep one entry per version"))
            continue
        seen.add((name, version))
        path = folder / rel
        exists = path.is_file()
        entries.append(ReleasedEntry(name, version, rel, path, line, exists))
        if not exists:
            problems.append(Problem(lock, line, None, f"released {noun} {name} v{version} ({rel}) is missing",
                                    missing_fix))
            continue
        actual = content_hash(path)
        if actual != sha:
            problems.append(Problem(
                path, 1, None,
                f"released {noun} {name} v{version} has been edited since it was released "
                f"(sha256 {actual[:12]}… ≠ released {sha[:12]}…)",
                edited_fix(name, version),
            ))
    return entries, problems


def lock_entry(key: str, name: str, version: int, rel: str, path: Path) -> str:
    """The TOML block to add to a lock when a file is released."""
    return (
        f'[[released]]\n{key} = "{name}"\nversion = {version}\npath = "{rel}"\n'
        f'sha256 = "{content_hash(path)}"\n'
    )
