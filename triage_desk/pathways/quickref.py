"""Quick-reference cards: short plain-English Markdown files with their sources.

Bundled cards live in ``resources/quickref/<id>.md``; a site adds or replaces cards in its config dir
``site/quickref/``. A card is ``# Title`` on the first line, then Markdown; a line starting
``Keywords:`` feeds the search. Rules link to cards by id (``quickref: [s136]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str  # Markdown, without the title line
    keywords: str
    source: str  # the file, so a site card can be told from a bundled one

    def search_text(self) -> str:
        return f"{self.title} {self.keywords} {self.body}".lower()


@dataclass
class QuickRefLibrary:
    cards: dict[str, Card]

    def search(self, query: str) -> list[Card]:
        """Cards containing every word of the query; title matches first."""
        words = query.lower().split()
        hits = [c for c in self.cards.values() if all(w in c.search_text() for w in words)]
        return sorted(hits, key=lambda c: (not all(w in c.title.lower() for w in words), c.title))

    def get(self, card_id: str) -> Card | None:
        return self.cards.get(card_id)


def read_card(path: Path) -> Card:
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip() if lines else path.stem
    keywords = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("Keywords:")), "")
    body = "\n".join(ln for ln in lines[1:] if not ln.startswith("Keywords:")).strip()
    return Card(path.stem, title, body, keywords, str(path))


def load_quickref(bundled: Path, site: Path | None) -> QuickRefLibrary:
    cards = {p.stem: read_card(p) for p in sorted(bundled.glob("*.md")) if p.name != "README.md"}
    if site is not None and site.is_dir():
        cards.update({p.stem: read_card(p) for p in sorted(site.glob("*.md"))})
    return QuickRefLibrary(cards)
