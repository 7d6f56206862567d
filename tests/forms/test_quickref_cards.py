"""Quick-reference cards: every card cites its sources, the search finds what a nurse types, a site
adds its own cards, a bad card file is named and skipped, and every rule's card link resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forms.pathway_helpers import FORMS, SERVICE
from triage_desk.cli import main
from triage_desk.pathways.quickref import load_quickref
from triage_desk.platform.resources import resources_dir
from triage_desk.services.guidance_service import GuidanceService

BUNDLED = resources_dir() / "quickref"
TOPICS = {
    "s136": "place of safety",
    "s135": "warrant",
    "rcrp": "real and immediate risk to the life",
    "mca": "lacks capacity",
    "awol": "s18",
    "safeguarding_children": "police protection",
    "safeguarding_adults": "s42",
    "domestic_abuse": "marac",
    "aces": "adverse childhood experiences",
    "information_sharing": "caldicott",
    "mhts": "triage scale",
}

LOCAL_CARD = """# Eastshire street triage car — how to request it
Keywords: triage car, local

The car runs 18:00–02:00; request it through the control-room supervisor.

## Sources
- Eastshire street triage operating procedure v3 (local document)
"""


def test_every_bundled_card_cites_its_sources_and_none_is_a_placeholder() -> None:
    library = load_quickref(BUNDLED, None)
    assert library.problems == []
    assert set(TOPICS) <= set(library.cards)
    for card in library.cards.values():
        assert card.sources, f"{card.id} has no sources"
        assert any("http" in s for s in card.sources), f"{card.id} cites no public source"
        assert "to be written" not in card.body.lower(), f"{card.id} is still a placeholder"
        assert "## Sources" in card.markdown()


@pytest.mark.parametrize(("card_id", "words"), sorted(TOPICS.items()))
def test_search_finds_each_topic(card_id: str, words: str) -> None:
    assert card_id in [c.id for c in SERVICE.quickref.search(words)]


def test_search_finds_place_of_safety_in_the_s136_card_first() -> None:
    hits = SERVICE.quickref.search("place of safety")
    assert hits[0].id == "s136"
    assert "place of safety" in hits[0].body.lower()
    assert SERVICE.quickref.search("PLACE-OF-SAFETY")[0].id == "s136"  # case and hyphens do not matter
    assert SERVICE.quickref.search("no such thing anywhere") == []


def test_mhts_card_covers_codes_a_to_g_and_flags_the_unverified_ones() -> None:
    card = SERVICE.quickref.get("mhts")
    assert card is not None
    for code in "ABCDEFG":
        assert f"**{code}" in card.body, code
    text = " ".join(card.body.split())
    assert "within 4 hours" in text and "within 24 hours" in text
    assert "not yet verified" in text and "[U]" in text


def test_domestic_abuse_card_gives_the_outcome_not_the_checklist() -> None:
    card = SERVICE.quickref.get("domestic_abuse")
    assert card is not None
    assert "14 or more ticks" in card.body and "professional judgement" in card.body.lower()
    assert "does not reproduce the questions" in card.body


def test_site_card_is_added_and_marked_local(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "quickref").mkdir(parents=True)
    (site / "quickref" / "street_triage_car.md").write_text(LOCAL_CARD, encoding="utf-8")
    service = GuidanceService.build(FORMS, site)
    card = service.quickref.get("street_triage_car")
    assert card is not None and card.local
    assert [c.id for c in service.quickref.search("street triage car")] == ["street_triage_car"]
    assert "Local card" in card.markdown()
    assert service.quickref.get("s136") is not None  # bundled cards are still there


def test_bad_card_file_is_named_and_skipped_and_the_rest_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "site" / "quickref"
    folder.mkdir(parents=True)
    (folder / "s136.md").write_text("# Our s136 card\n\nNo sources here.\n", encoding="utf-8")
    (folder / "garbled.md").write_bytes(b"# Title\n\xff\xfe broken")
    (folder / "untitled.md").write_text("Just some text\n\n## Sources\n- x\n", encoding="utf-8")
    (folder / "Bad Name.md").write_text(LOCAL_CARD, encoding="utf-8")
    service = GuidanceService.build(FORMS, tmp_path / "site")  # does not raise
    text = "\n".join(str(p) for p in service.quickref.problems)
    assert "s136.md" in text and "no sources" in text and "## Sources" in text
    assert "garbled.md" in text and "UTF-8" in text
    assert "untitled.md:1:" in text and "title" in text
    assert "Bad Name.md" in text and "lower case" in text
    # The bundled s136 card stays when the site's replacement is bad; the other cards all load.
    s136 = service.quickref.get("s136")
    assert s136 is not None and not s136.local and s136.sources
    assert set(TOPICS) <= set(service.quickref.cards)
    assert "quick reference card skipped" in caplog.text and "garbled.md" in caplog.text


def test_every_rule_and_checklist_card_link_resolves() -> None:
    rule_set = SERVICE.rule_set
    links = {q for r in rule_set.rules for q in r.quickref}
    links |= {q for c in rule_set.checklists.values() for q in c.quickref}
    assert links and links <= set(SERVICE.quickref.cards), links - set(SERVICE.quickref.cards)


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "pathways"
    folder.mkdir()
    for path in (resources_dir() / "pathways").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_forms_check_reports_a_rule_citing_an_unknown_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy_rules(tmp_path)
    text = (folder / "rules-v1.yaml").read_text(encoding="utf-8")
    v2 = text.replace("version: 1", "version: 2", 1).replace("quickref: [mca]", "quickref: [mca, capacty]", 1)
    (folder / "rules-v2.yaml").write_text(v2, encoding="utf-8")
    assert main(["forms", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "rules-v2.yaml" in out and "quickref card 'capacty' does not exist" in out
    assert "rules-v1.yaml" not in out  # the released file is untouched and fine


def test_forms_check_passes_an_unchanged_copy_of_the_released_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", "check", str(_copy_rules(tmp_path))]) == 0
    assert "OK" in capsys.readouterr().out


def test_forms_check_refuses_an_edited_released_rule_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "rules-v1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("within 4 hours", "within 6 hours", 1), encoding="utf-8"
    )
    assert main(["forms", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "rules-v1.yaml:1:" in out and "has been edited since it was released" in out
    assert "make a new version" in out and "rules-v2.yaml" in out


def test_forms_check_refuses_reusing_a_released_version_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy_rules(tmp_path)
    (folder / "rules-v7.yaml").write_bytes((folder / "rules-v1.yaml").read_bytes())  # still says version: 1
    assert main(["forms", "check", str(folder)]) == 1
    assert "rules-v7.yaml:1: triage-desk-pathways v1 is already released as rules-v1.yaml" in (
        capsys.readouterr().out
    )


def test_line_ending_change_alone_is_not_an_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy_rules(tmp_path)
    path = folder / "rules-v1.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    assert main(["forms", "check", str(folder)]) == 0
