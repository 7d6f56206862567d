"""Human labels for the codes in the summary tables, read from the shipped code lists.

Reports sits beside forms_engine in the layer contract (siblings may not import each other), so
this reads the code-list YAML itself: only ``value`` and ``label`` are needed, and a code that a
list does not know is shown as the code itself rather than hidden.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from triage_desk.platform.resources import forms_dir

NOT_RECORDED = "Not recorded"


@cache
def codelist(name: str, root: Path | None = None) -> dict[str, str]:
    """value -> label for ``forms/codelists/<name>.yaml`` (empty if the list is missing)."""
    path = (root or forms_dir()) / "codelists" / f"{name}.yaml"
    if not path.is_file():
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(c["value"]): str(c.get("label", c["value"])) for c in doc.get("choices", [])}


def label(name: str, code: str | None) -> str:
    if code is None or code == "":
        return NOT_RECORDED
    return codelist(name).get(code, code)
