"""The F2 quick-reference dialog: type to filter, arrow keys to move, the card shows its sources,
site cards appear, and a bad card file is named on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.forms.pathway_helpers import FORMS, SERVICE
from triage_desk.services.guidance_service import GuidanceService
from triage_desk.ui.guidance.quickref_dialog import QuickRefDialog
from triage_desk.ui.guidance.view import GuidanceView

pytestmark = pytest.mark.ui


def _titles(dialog: QuickRefDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_typing_filters_and_arrow_keys_move_without_leaving_the_search_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QuickRefDialog(SERVICE.quickref)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert len(_titles(dialog)) >= 11  # every card listed before typing
    qtbot.keyClicks(dialog.search, "place of safety")
    assert _titles(dialog)[0].startswith("s136")
    shown = dialog.text.toPlainText()
    assert "place of safety" in shown and "Sources" in shown and "legislation.gov.uk" in shown
    if dialog.list.count() > 1:
        qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
        assert dialog.list.currentRow() == 1 and dialog.focusWidget() is dialog.search
        qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert dialog.current_card_id() == "s136"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zzqx")
    assert dialog.list.count() == 0 and "No card matches" in dialog.empty.text()


def test_site_card_and_a_bad_card_file_are_both_visible(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "site" / "quickref"
    folder.mkdir(parents=True)
    (folder / "night_cover.md").write_text(
        "# Night cover rota\n\nWho covers the desk after 02:00.\n\n"
        "## Sources\n- Local rota (site document)\n",
        encoding="utf-8",
    )
    (folder / "broken.md").write_text("# Broken card\n\nForgot the sources.\n", encoding="utf-8")
    service = GuidanceService.build(FORMS, tmp_path / "site")
    dialog = QuickRefDialog(service.quickref)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "night cover")
    assert _titles(dialog) == ["Night cover rota (local)"]
    assert "Local card added by this site" in dialog.text.toPlainText()
    assert not dialog.problems.isHidden()
    assert "broken.md" in dialog.problems.text() and "no sources" in dialog.problems.text()


def test_card_link_in_the_guidance_opens_that_card(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = GuidanceView(SERVICE)
    qtbot.addWidget(view)
    view.set_answers(FORMS.get("triage-contact"), {"location_type": "public_place", "s136_considered": "yes"})
    assert "[s136]" in view.browser.toPlainText()
    view.show_quickref("s136")
    assert view._dialog.current_card_id() == "s136"
    assert view._dialog.text.toPlainText().startswith("s136")
    view._dialog.close()
