"""Every rule-set version the app can load, found by version or by content hash.

Released rule files are kept forever (``resources/pathways/RELEASED.toml`` locks their sha256) so
that a stored suggestion can be replayed with the exact rules that made it, not today's. A site may
add rule files in its config dir (``site/pathways/``); an invalid site file is skipped with a warning,
never half-loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.domain.errors import ResourceMissingError
from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.problems import Problem
from triage_desk.pathways.model import RuleSet
from triage_desk.pathways.rules_loader import load_rule_file

RULE_FILE_RE = re.compile(r"^rules-v\d+\.yaml$")


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("rules-v*.yaml") if RULE_FILE_RE.match(p.name))


@dataclass
class RuleLibrary:
    by_hash: dict[str, RuleSet] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, rule_set: RuleSet) -> None:
        self.by_hash[rule_set.sha256] = rule_set

    def current(self) -> RuleSet:
        if not self.by_hash:
            raise ResourceMissingError(
                "No pathway rule set could be loaded.", hint="Run triage-desk forms check."
            )
        return max(self.by_hash.values(), key=lambda r: (r.version, r.source.name))

    def get(self, rule_set_id: str, version: int, sha256: str | None = None) -> RuleSet:
        """The exact rule set a record was made with; the hash wins over the version number."""
        if sha256 and sha256 in self.by_hash:
            return self.by_hash[sha256]
        if sha256:
            raise ResourceMissingError(
                f"Rule set {rule_set_id} v{version} with sha256 {sha256[:12]}… is not available, so this "
                "suggestion cannot be replayed exactly.",
                hint="Restore the released rule file; released rule files must never be edited or removed.",
            )
        for rs in self.by_hash.values():
            if rs.id == rule_set_id and rs.version == version:
                return rs
        raise ResourceMissingError(f"Rule set {rule_set_id} v{version} is not available.")


def load_rule_library(bundled: Path, site: Path | None, forms: FormLibrary) -> RuleLibrary:
    library = RuleLibrary()
    for path in rule_files(bundled):
        rule_set, problems = load_rule_file(path, forms)
        if rule_set is None:
            library.warnings += [f"bundled rule problem: {p}" for p in problems]
        else:
            library.add(rule_set)
    for path in rule_files(site) if site is not None and site.is_dir() else []:
        rule_set, problems = load_rule_file(path, forms)
        if rule_set is None:
            library.warnings.append(_skip(path, problems))
        else:
            library.add(rule_set)
    return library


def _skip(path: Path, problems: list[Problem]) -> str:
    first = problems[0] if problems else None
    what = f"line {first.line}: {first.message}" if first else "it could not be loaded"
    return f"site rule file {path} is invalid: {what}; it is not used"
