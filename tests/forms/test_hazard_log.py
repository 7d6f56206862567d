"""The clinical-safety hazard log names tests that exist, so a renamed or deleted test cannot leave
a control looking covered when it is not."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(test_\w+\*?)")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_every_test_named_in_the_hazard_log_exists() -> None:
    references = REFERENCE.findall(LOG.read_text(encoding="utf-8"))
    assert len(references) >= 30
    for file, name in references:
        path = ROOT / file
        assert path.is_file(), f"hazard log names {file}, which does not exist"
        names = _test_names(path)
        if name.endswith("*"):
            assert any(n.startswith(name[:-1]) for n in names), f"no test {file}::{name}"
        else:
            assert name in names, f"hazard log names {file}::{name}, which does not exist"


def test_required_hazards_are_logged_with_controls_and_tests() -> None:
    rows = [ln for ln in LOG.read_text(encoding="utf-8").splitlines() if re.match(r"^\| H\d+ \|", ln)]
    hazards = {cells[2].strip().lower(): cells for cells in (row.split("|") for row in rows)}
    required = (
        "wrong or missing suggestion",
        "stale",
        "wrong time zone",
        "hidden rule error",
        "automation bias",
    )
    for needed in required:
        cells = next((c for h, c in hazards.items() if needed in h), None)
        assert cells is not None, f"no hazard about {needed}"
        controls, tests = cells[6].strip(), cells[8].strip()
        assert controls and REFERENCE.search(tests), f"{needed}: controls and a test are required"
