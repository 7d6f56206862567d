"""Services: start → autosave → recover → sign (refused while incomplete) → amend → reopen → print."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.accounts import PURPOSE
from tests.core.contacts.conftest import NOW, complete_f1
from triage_desk.domain.errors import TriageDeskError
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.platform.resources import forms_dir
from triage_desk.services.contact_service import AmendmentError, ContactService, SigningRefusedError
from triage_desk.storage.contact_records import SignedRecordError


def test_autosaved_draft_is_recoverable_with_typed_answers(service, me) -> None:
    draft = service.start_contact("triage-contact", principal=me)
    assert draft.form_version == 1
    service.autosave(draft.id, {"incident_ref": "CC-9", "date_of_birth": date(1985, 3, 12)})
    [offered] = service.recoverable_drafts(me.user_id)
    assert (offered.id, offered.incident_ref, offered.form_title) == (
        draft.id,
        "CC-9",
        "Triage Contact Record",
    )
    assert service.open_record(draft.id, principal=me).answers["date_of_birth"] == date(1985, 3, 12)


def test_signing_an_incomplete_record_lists_every_problem(service, me) -> None:
    draft = service.start_contact("triage-contact", principal=me)
    service.autosave(draft.id, {"incident_ref": "CC-9"})
    with pytest.raises(SigningRefusedError) as refused:
        service.sign(draft.id, principal=me)
    fields = {p.field for p in refused.value.problems}
    assert {"risk_formulation", "triage_code", "call_received_at"} <= fields
    assert service.open_record(draft.id, principal=me).contact.status == "draft"


def test_sign_then_amend_keeps_the_original(service, me) -> None:
    draft = service.start_contact("triage-contact", principal=me)
    service.autosave(draft.id, complete_f1())
    signed = service.sign(draft.id, principal=me)
    assert signed.status == "signed" and signed.signed_at == NOW and len(signed.content_hash) == 64
    assert service.recoverable_drafts() == []
    with pytest.raises(SignedRecordError):
        service.autosave(draft.id, {"incident_ref": "changed"})
    with pytest.raises(AmendmentError):
        service.amend(draft.id, "   ", {"triage_code": "B"}, principal=me)
    service.amend(draft.id, "Code mistyped on a busy shift", {"triage_code": "B"}, principal=me)
    record = service.open_record(draft.id, principal=me)
    assert record.answers["triage_code"] == "C" and record.effective_answers["triage_code"] == "B"
    assert record.amendments[0].changes == {"triage_code": {"old": "C", "new": "B"}}
    assert record.answers["signed_at"] == NOW  # the form's own "Time signed" field is stamped


def test_printable_html_escapes_user_text_and_lists_amendments(service, me) -> None:
    draft = service.start_contact("triage-contact", principal=me)
    answers = complete_f1() | {"risk_formulation": "<script>alert(1)</script> & more"}
    service.autosave(draft.id, answers)
    service.sign(draft.id, principal=me)
    service.amend(draft.id, "Reason <b>bold</b>", {"incident_ref": "CC-2"}, principal=me)
    html = service.print_record(draft.id, principal=me, purpose=PURPOSE)
    assert html == service.render_record_html(draft.id, principal=me)  # paper shows what the screen does
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    assert "Reason &lt;b&gt;bold&lt;/b&gt;" in html and "CC-2025-0601-0042 → CC-2" in html
    assert "01/06/2025 13:05" in html  # mhp_involved_at 12:05 UTC shown in London summer time


def test_old_record_keeps_its_form_version_after_v2(db, tmp_path, me) -> None:
    first = ContactService(db, load_form_library(forms_dir(), None), clock=lambda: NOW)
    old = first.start_contact("missing-person", principal=me)
    site = tmp_path / "site"
    (site / "missing-person").mkdir(parents=True)
    text = (forms_dir() / "missing-person" / "v1.yaml").read_text()
    (site / "missing-person" / "v2.yaml").write_text(text.replace("version: 1", "version: 2"))
    later = ContactService(db, load_form_library(forms_dir(), site), clock=lambda: NOW)
    assert later.start_contact("missing-person", principal=me).form_version == 2
    assert later.open_record(old.id, principal=me).form.version == 1


def test_unknown_contact_is_a_clear_error(service, me) -> None:
    with pytest.raises(TriageDeskError, match="not found"):
        service.open_record("nope", principal=me, purpose=PURPOSE)


def test_datetimes_are_stored_in_utc(service, me) -> None:
    draft = service.start_contact("triage-contact", principal=me)
    service.autosave(draft.id, {"call_received_at": datetime(2025, 6, 1, 12, 0, tzinfo=UTC)})
    stored = service.open_record(draft.id, principal=me).contact
    assert stored.answers["call_received_at"] == "2025-06-01T12:00:00+00:00"
