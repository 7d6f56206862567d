"""Sign-in, audit and retention leave no patient name, NHS number or postcode in the log file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from triage_desk.domain.errors import AuthenticationError
from triage_desk.domain.ids import new_id
from triage_desk.domain.roles import Role
from triage_desk.services.app import open_app
from triage_desk.services.audit import PERSON, AuditAction, require_purpose
from triage_desk.services.retention import RetentionService
from triage_desk.storage.models import Contact, Person

PEOPLE = [("Zebedee", "Quartermaine", "9434765919", "LS1 4AP"),
          ("Ottoline", "Fairweather-Smythe", "4010232137", "SW1A 1AA")]


def test_log_file_holds_no_patient_identifiers(tmp_path: Path) -> None:
    app = open_app(tmp_path)
    app.auth.create_first_admin("root", "Rosa Root", "admin password 1")
    with pytest.raises(AuthenticationError):
        app.auth.sign_in("root", "Quartermaine")  # a wrong password that is a patient's name
    admin = app.auth.sign_in("root", "admin password 1")
    ids = []
    with app.db.session() as s:
        for given, family, nhs, postcode in PEOPLE:
            person_id = new_id()
            ids.append(person_id)
            s.add(Person(id=person_id, origin_site=app.db.site_id, given_name=given, family_name=family,
                         nhs_number=nhs, postcode=postcode, updated_at=datetime(2001, 1, 1, tzinfo=UTC)))
            s.flush()
            s.add(Contact(id=new_id(), origin_site=app.db.site_id, form_id="triage", form_version="1",
                          person_id=person_id, call_received_at=datetime(2001, 1, 1, tzinfo=UTC)))
    for person_id, (given, family, _, _) in zip(ids, PEOPLE, strict=True):
        app.audit.record(admin, AuditAction.VIEW_PERSON, PERSON, person_id,
                         require_purpose(None, f"welfare check for {given} {family}"))
    app.audit.who_accessed(admin, ids[0])
    assert app.audit.verify(admin).intact
    report = RetentionService(app.db, app.audit).run(admin)
    assert report.total_persons == 2
    app.auth.sign_out(admin)
    app.close()

    text = app.paths.log_file.read_text(encoding="utf-8")
    assert "sign-in refused" in text and "retention purge" in text  # the flows did log
    for given, family, nhs, postcode in PEOPLE:
        for identifier in (given, family, nhs, postcode, postcode.replace(" ", "")):
            assert identifier not in text, identifier
    assert Role.ADMIN.value in text
