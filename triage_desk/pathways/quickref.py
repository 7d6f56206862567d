"""Quick-reference cards: short plain-English Markdown files, each with its sources.

Bundled cards live in ``resources/quickref/<id>.md``; a site adds or replaces cards in its config dir
``site/quickref/``. Rules link to cards by id (``quickref: [s136]``). A card file is::

    # Title
    Keywords: words that help the search (optional)

    Markdown body ...

    ## Sources
    - where each fact comes from, as the domain reference cites it (URL, [V]/[P]/[U])

A card without a title or without sources is not shown: a card nobody can check is worse than no
card. A bad file is reported (file name, what is wrong, what to do) and skipped; the other cards and
the app carry on. For a site card that replaces a bundled one, the bundled card stays if the site
file is bad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from triage_desk.forms_engine.problems import Problem

CARD_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
SOURCES_HEADING = "## Sources"


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    body: str  # Markdown, without the title, keywords or sources
    keywords: str
    sources: tuple[str, ...]
    source: str  # the file, so a site card can be told from a bundled one
    local: bool = False  # True for a card from the site overrides folder

    def search_text(self) -> str:
        return " ".join((self.title, self.keywords, self.body, *self.sources)).lower()

    def markdown(self) -> str:
        """The whole card as shown: title, body, then its sources."""
        origin = "\n\n*Local card added by this site.*" if self.local else ""
        sources = "\n".join(f"- {s}" for s in self.sources)
        return f"# {self.title}{origin}\n\n{self.body}\n\n{SOURCES_HEADING}\n\n{sources}\n"


@dataclass
class QuickRefLibrary:
    cards: dict[str, Card]
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [f"quick reference card skipped: {p}" for p in self.problems]

    def search(self, query: str) -> list[Card]:
        """Cards containing every word of the query: title matches first, then cards with the exact
        phrase, then the rest, each group by title."""
        words = _normalise(query).split()
        phrase = " ".join(words)
        texts = {c.id: " ".join(_normalise(c.search_text()).split()) for c in self.cards.values()}
        hits = [c for c in self.cards.values() if all(w in texts[c.id] for w in words)]
        return sorted(
            hits,
            key=lambda c: (
                not all(w in _normalise(c.title) for w in words),
                phrase not in texts[c.id],
                c.title.lower(),
            ),
        )

    def get(self, card_id: str) -> Card | None:
        return self.cards.get(card_id)


def _normalise(text: str) -> str:
    # "place-of-safety", "s.136" and curly quotes still match what a user types.
    return re.sub(r"[\-–—.,;:()'’“”\"*]", " ", text.lower())


class CardError(ValueError):
    """A card file cannot be used; the message says what is wrong and what to do."""

    def __init__(self, message: str, fix: str, line: int = 0) -> None:
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


def read_card(path: Path, *, local: bool = False) -> Card:
    """Parse one card file; raises CardError naming what is wrong."""
    if not CARD_ID_RE.match(path.stem):
        raise CardError(
            f"card file name '{path.name}' is not a card id",
            "name it in lower case with letters, digits and '_' only, e.g. local_crisis_line.md",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CardError("the file is not UTF-8 text", "save it as UTF-8 (plain text)") from None
    except OSError as exc:
        raise CardError(f"the file cannot be read ({exc.strerror})", "check the file's permissions") from None
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or not lines[first].startswith("# ") or not lines[first][2:].strip():
        raise CardError(
            "the first line is not a title", "start the file with '# Title of the card'", (first or 0) + 1
        )
    title = lines[first][2:].strip()
    keywords = ""
    body: list[str] = []
    sources: list[str] = []
    in_sources = False
    for ln in lines[first + 1 :]:
        if ln.startswith("Keywords:") and not keywords:
            keywords = ln.split(":", 1)[1].strip()
        elif ln.strip().lower() == SOURCES_HEADING.lower():
            in_sources = True
        elif in_sources and ln.startswith("#"):
            in_sources = False
            body.append(ln)
        elif in_sources:
            if ln.strip().startswith(("- ", "* ")):
                sources.append(ln.strip()[2:].strip())
            elif ln.strip() and sources:
                sources[-1] += " " + ln.strip()
        else:
            body.append(ln)
    if not sources:
        raise CardError(
            "the card gives no sources",
            f"add a '{SOURCES_HEADING}' heading with one '- ' line per source (URL or document)",
        )
    return Card(path.stem, title, "\n".join(body).strip(), keywords, tuple(sources), str(path), local)


def read_cards(folder: Path, *, local: bool) -> tuple[dict[str, Card], list[Problem]]:
    cards: dict[str, Card] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "README.md":
            continue
        try:
            card = read_card(path, local=local)
        except CardError as exc:
            problems.append(Problem(path, exc.line, None, exc.message, exc.fix))
            continue
        cards[card.id] = card
    return cards, problems


def load_quickref(bundled: Path, site: Path | None) -> QuickRefLibrary:
    """Bundled cards, then valid site cards on top (same id replaces, a new id adds)."""
    cards, problems = read_cards(bundled, local=False)
    if site is not None:
        site_cards, site_problems = read_cards(site, local=True)
        cards.update(site_cards)
        problems += site_problems
    return QuickRefLibrary(cards, problems)


def quickref_dir_for(rule_folder: Path) -> Path:
    """The cards that rule files in ``rule_folder`` link to: ``<folder>/../quickref``.

    resources/pathways → resources/quickref; site/pathways → site/quickref.
    """
    return rule_folder.parent / "quickref"
