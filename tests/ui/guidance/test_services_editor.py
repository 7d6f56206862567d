"""Edit services directory…: a supervisor changes a number and the guidance shows it at once; bad
input is refused at the field; a clinician is refused by the service, not only by the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.forms.pathway_helpers import FORMS
from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.forms_engine.loader import content_hash
from triage_desk.platform.resources import resources_dir
from triage_desk.services.guidance_service import GuidanceService
from triage_desk.ui.guidance.services_editor import ServicesEditor
from triage_desk.ui.guidance.view import GuidanceView

pytestmark = pytest.mark.ui

SIGNED_IN = datetime(2025, 6, 4, 12, 0, tzinfo=UTC)
SUPERVISOR = Principal("u-sup", "s.okafor", "Sam Okafor", Role.SUPERVISOR, SIGNED_IN)
CLINICIAN = Principal("u-cli", "j.reed", "Jo Reed", Role.CLINICIAN, SIGNED_IN)
# A welfare concern about a known patient: the guidance points to the crisis team (01632 960101).
WELFARE = {
    "presenting_concern": ["welfare_concern"],
    "known_to_mh_services": "yes",
    "risk_self_ideation": "no",
}
BUNDLED_FILE = resources_dir() / "services" / "wexley.yaml"


@pytest.fixture
def service(tmp_path: Path) -> GuidanceService:
    return GuidanceService.build(FORMS, tmp_path / "site")


def _editor(qtbot, service: GuidanceService, principal: Principal) -> ServicesEditor:  # type: ignore[no-untyped-def]
    editor = ServicesEditor(service, principal)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_supervisor_changes_a_phone_number_and_the_guidance_shows_it(qtbot, service) -> None:  # type: ignore[no-untyped-def]
    bundled_before = content_hash(BUNDLED_FILE)
    view = GuidanceView(service)
    qtbot.addWidget(view)
    view.set_answers(FORMS.get("triage-contact"), WELFARE)
    assert "01632 960101" in view.browser.toPlainText()

    editor = _editor(qtbot, service, SUPERVISOR)
    qtbot.keyClicks(editor.filter, "crisis resolution")
    assert editor.proxy.rowCount() == 1
    editor.table.selectRow(0)
    assert editor.name_edit.text() == "Wexley Crisis Resolution & Home Treatment Team"
    _retype(qtbot, editor.phone_edit, "01632 960999")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert "Saved" in editor.status.text()
    shown = view.browser.toPlainText()  # no restart, no re-entry of answers
    assert "01632 960999" in shown and "01632 960101" not in shown
    site_file = service.site_services_path()
    assert site_file.is_file() and "01632 960999" in site_file.read_text(encoding="utf-8")
    assert "s.okafor" in site_file.read_text(encoding="utf-8")  # who changed it
    assert content_hash(BUNDLED_FILE) == bundled_before  # the bundled directory is never written
    assert list(site_file.parent.glob("*.tmp")) == []  # no temporary file left behind
    # The change persists: a freshly started app sees it.
    again = GuidanceService.build(FORMS, service.site_dir)
    assert again.directory.entries["wexley_crisis_team"].phone == "01632 960999"


def test_bad_phone_and_hours_are_shown_at_the_field_and_nothing_is_saved(qtbot, service) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, service, SUPERVISOR)
    assert editor.select("wexley_cmht")
    _retype(qtbot, editor.phone_edit, "12345")
    _retype(qtbot, editor.hours_edit, "Mon-Fri 9-5")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.errors["phone"].isHidden() and "UK" in editor.errors["phone"].text()
    assert not editor.errors["hours"].isHidden() and "Mo-Fr 09:00-17:00" in editor.errors["hours"].text()
    assert editor.errors["name"].isHidden()
    assert "Not applied" in editor.status.text()
    assert not service.site_services_path().exists()
    assert service.directory.entries["wexley_cmht"].phone == "01632 960180"
    # Correcting the field clears its message and the save goes through.
    _retype(qtbot, editor.phone_edit, "01632 960181")
    assert editor.errors["phone"].isHidden()
    _retype(qtbot, editor.hours_edit, "Mo-Fr 09:00-17:00; PH off")
    assert editor.save()
    assert service.directory.entries["wexley_cmht"].phone == "01632 960181"


def test_new_service_is_added_and_a_bundled_one_hidden(qtbot, service) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, service, SUPERVISOR)
    editor.new_entry()
    qtbot.keyClicks(editor.name_edit, "Wexley Night Crisis Line")
    editor.category_combo.setCurrentIndex(editor.category_combo.findData("crisis_team"))
    qtbot.keyClicks(editor.phone_edit, "0808 157 0999")
    qtbot.keyClicks(editor.hours_edit, "Mo-Su 20:00-08:00")
    qtbot.keyClick(editor.hours_edit, Qt.Key.Key_Return)  # Enter applies the form
    assert editor.id_edit.text() == "wexley_night_crisis_line", editor.status.text()
    assert editor.select("wexley_crisis_team")
    editor.remove_selected()  # bundled: hidden, not deleted
    assert not editor.active_check.isChecked()
    assert editor.save()
    view = GuidanceView(service)
    qtbot.addWidget(view)
    view.set_answers(FORMS.get("triage-contact"), WELFARE)
    shown = view.browser.toPlainText()
    assert "Wexley Night Crisis Line" in shown and "Wexley Crisis Resolution" not in shown
    # The hidden bundled entry can be shown again.
    assert editor.select("wexley_crisis_team")
    editor.remove_selected()
    assert editor.save()
    assert "Wexley Crisis Resolution" in view.browser.toPlainText()


def test_clinician_is_refused_by_the_service_not_only_the_screen(qtbot, service) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(qtbot, service, CLINICIAN)
    assert not editor.phone_edit.isEnabled() and not editor.save_button.isEnabled()
    assert editor.proxy.rowCount() >= 15  # the directory can still be read
    assert not editor.save()  # even if the screen were bypassed
    assert "Not saved" in editor.status.text() and "supervisor" in editor.status.text()
    entries = service.directory_entries()
    with pytest.raises(PermissionDeniedError, match="supervisor or admin"):
        service.save_directory(CLINICIAN, entries)
    with pytest.raises(PermissionDeniedError):
        service.save_site_entries(CLINICIAN, entries[:1])
    assert not service.site_services_path().exists()


def test_a_site_file_changed_on_disk_is_picked_up_without_restart(service) -> None:
    form = FORMS.get("triage-contact")
    assert "01632 960101" in str(service.evaluate(form, WELFARE).pathways)
    path = service.site_services_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        "services:\n  - id: wexley_crisis_team\n    name: Wexley Crisis Team\n    category: crisis_team\n"
        '    phone: "01632 960777"\n    hours: "24/7"\n',
        encoding="utf-8",
    )
    text = str(service.evaluate(form, WELFARE).pathways)
    assert "01632 960777" in text and "01632 960101" not in text


def test_the_app_shares_one_guidance_service_built_on_its_site_folder(tmp_path: Path) -> None:
    from triage_desk.services.app import open_app

    app = open_app(tmp_path / "data")
    try:
        guidance = app.guidance()
        assert app.guidance() is guidance
        assert guidance.site_services_path().parent.parent == app.paths.site_overrides_dir
    finally:
        app.close()
