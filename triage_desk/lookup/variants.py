"""The table of common English given-name variants (Bill/William, Kate/Catherine/Katherine...).

Shipped as ``resources/lookup/name_variants.csv``: one group per row, first name formal. A name can
belong to several groups ("chris" is both Christopher and Christine), so a name's variants are the
union of every group it appears in. Names are compared in their folded form (see ``keys.fold``).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from triage_desk.lookup.keys import name_key
from triage_desk.platform.resources import resources_dir

VARIANTS_FILE = Path("lookup") / "name_variants.csv"


class NameVariants:
    def __init__(self, groups: list[frozenset[str]]) -> None:
        self.groups = groups
        self._index: dict[str, set[str]] = {}
        for group in groups:
            for name in group:
                self._index.setdefault(name, set()).update(group)

    @classmethod
    def from_file(cls, path: Path) -> NameVariants:
        groups: list[frozenset[str]] = []
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if not row or row[0].lstrip().startswith("#"):
                    continue
                names = frozenset(k for k in (name_key(cell) for cell in row) if k)
                if len(names) > 1:
                    groups.append(names)
        return cls(groups)

    def variants_of(self, name: str) -> frozenset[str]:
        """Folded names interchangeable with ``name``, itself included (just itself if unknown)."""
        key = name_key(name)
        return frozenset(self._index.get(key, ())) | ({key} if key else set())

    def are_variants(self, a: str, b: str) -> bool:
        ka, kb = name_key(a), name_key(b)
        return bool(ka and kb) and ka != kb and kb in self._index.get(ka, ())


@lru_cache(maxsize=1)
def default_variants() -> NameVariants:
    """The shipped table, loaded once per process (it is read-only)."""
    return NameVariants.from_file(resources_dir() / VARIANTS_FILE)
