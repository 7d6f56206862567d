"""Site form problems, amendments, old form versions and printing, as a nurse meets them."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog

from tests.accounts import PURPOSE
from tests.core.contacts.conftest import complete_f1
from triage_desk.domain.errors import PurposeRequiredError
from triage_desk.platform.resources import forms_dir
from triage_desk.storage import audit_log
from triage_desk.ui.forms.record_view import AmendDialog

pytestmark = pytest.mark.ui


def _signed_f1(services, nurse) -> str:
    cid = services.contacts.start_contact("triage-contact", principal=nurse).id
    services.contacts.autosave(cid, complete_f1())
    services.contacts.sign(cid, principal=nurse)
    return cid


def test_malformed_site_form_gives_a_precise_message_and_the_bundled_form(services, open_panel) -> None:
    site = services.paths.site_overrides_dir / "forms" / "triage-contact"
    site.mkdir(parents=True)
    broken = site / "v1.yaml"
    broken.write_text(
        "form: triage-contact\nversion: 1\ntitle: Broken\nsections:\n  - id: x\n    title: [oops\n"
    )
    panel = open_panel("triage-contact")
    banner = panel.warnings.text()
    assert panel.warnings.isVisible()
    assert str(broken) in banner and "line 6" in banner and "using the bundled version" in banner
    assert "fix the YAML syntax" in banner  # what to do
    assert panel.form.title == "Triage Contact Record" and panel.form.source.is_relative_to(forms_dir())


def test_amend_signed_record_keeps_original_and_lists_amendments(
    services, open_panel, qtbot, nurse
) -> None:
    cid = _signed_f1(services, nurse)
    panel = open_panel("triage-contact", cid)
    assert panel.editor is None and panel.record_view is not None  # signed records open read-only
    assert panel.record_view.buttons["Amend"].isEnabled()  # the author may amend their own
    dialog = AmendDialog(services.contacts, panel.record_view.record, nurse, panel)
    qtbot.addWidget(dialog)
    dialog.field_combo.setCurrentIndex(dialog.field_combo.findData("incident_ref"))
    dialog.editor.edit.setText("CC-2025-0601-0043")
    dialog._save()
    assert "reason" in dialog.error.text().lower() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.reason.setPlainText("Log number transposed")
    dialog._save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    panel.record_view.reload()
    record = services.contacts.open_record(cid, principal=nurse)
    assert record.answers["incident_ref"] == "CC-2025-0601-0042"  # original unchanged
    assert record.effective_answers["incident_ref"] == "CC-2025-0601-0043"
    text = panel.record_view.browser.toPlainText()
    assert "Amendments" in text and "Log number transposed" in text and nurse.user_id in text


def test_another_clinician_reads_a_signed_record_with_a_purpose_but_cannot_amend_it(
    services, open_panel, nurse, staff
) -> None:
    cid = _signed_f1(services, nurse)
    colleague = staff["clinician2"]
    panel = open_panel("triage-contact", cid, principal=colleague, purpose=PURPOSE)
    assert "CC-2025-0601-0042" in panel.record_view.browser.toPlainText()
    assert not panel.record_view.buttons["Amend"].isEnabled()  # not their entry
    with services.db.reader() as s:
        opens = [e for e in audit_log.events_for_record(s, "contact", cid) if e.action == "open_record"]
    assert [(e.username, e.purpose) for e in opens] == [("cleo", PURPOSE.text)]  # one open, one event


def test_old_record_opens_with_its_own_version_after_v2(services, open_panel, nurse) -> None:
    old = services.contacts.start_contact("triage-contact", principal=nurse).id
    services.contacts.autosave(old, {"incident_ref": "OLD-1"})
    site = services.paths.site_overrides_dir / "forms" / "triage-contact"
    site.mkdir(parents=True)
    text = (forms_dir() / "triage-contact" / "v1.yaml").read_text()
    text = text.replace("version: 1", "version: 2").replace(
        "title: Triage Contact Record", "title: Triage Contact v2"
    )
    (site / "v2.yaml").write_text(text)
    services._contacts = None  # the library is loaded once per start: simulate the next start
    services._forms = None
    new_panel = open_panel("triage-contact")
    assert new_panel.form.version == 2 and new_panel.form.title == "Triage Contact v2"
    old_panel = open_panel("triage-contact", old)
    assert old_panel.form.version == 1 and "v1" in old_panel.title.text()
    assert old_panel.editor.widgets["incident_ref"].edit.text() == "OLD-1"


def test_signed_record_prints_to_pdf(services, open_panel, tmp_path, nurse) -> None:
    cid = _signed_f1(services, nurse)
    panel = open_panel("triage-contact", cid, purpose=PURPOSE)
    pdf = panel.record_view.save_pdf(tmp_path / "record.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    with services.db.reader() as s:
        prints = [e for e in audit_log.events_for_record(s, "contact", cid) if e.action == "print"]
    assert [(e.username, e.purpose) for e in prints] == [("cal", PURPOSE.text)]
    if shutil.which("pdftotext"):
        import subprocess

        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Triage Contact Record" in out and "CC-2025-0601-0042" in out


def test_printing_without_a_purpose_writes_no_file(services, open_panel, tmp_path, nurse) -> None:
    cid = _signed_f1(services, nurse)
    panel = open_panel("triage-contact", cid)  # the author reading their own record: no purpose
    with pytest.raises(PurposeRequiredError):
        panel.record_view.save_pdf(tmp_path / "record.pdf")
    assert not (tmp_path / "record.pdf").exists()


def test_signing_reads_the_signed_record_back_off_the_ui_thread(services, open_panel, qtbot, nurse) -> None:
    import threading

    cid = services.contacts.start_contact("triage-contact", principal=nurse).id
    services.contacts.autosave(cid, complete_f1())
    panel = open_panel("triage-contact", cid)
    threads: list[tuple[str, str]] = []
    contacts = services.contacts
    real_open, real_sign = contacts.open_record, contacts.sign

    def open_record(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(("open", threading.current_thread().name))
        return real_open(*args, **kwargs)

    def sign(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(("sign", threading.current_thread().name))
        return real_sign(*args, **kwargs)

    contacts.open_record, contacts.sign = open_record, sign
    try:
        panel._confirmed()  # the nurse confirmed the sign dialog
        qtbot.waitUntil(lambda: panel.record_view is not None, timeout=10_000)
    finally:
        del contacts.open_record, contacts.sign
    assert panel.record_view.record.contact.status == "signed"
    assert "CC-2025-0601-0042" in panel.record_view.browser.toPlainText()
    assert [kind for kind, _ in threads] == ["sign", "open"]
    assert all(name != threading.main_thread().name for _, name in threads), threads
