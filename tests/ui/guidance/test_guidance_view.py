"""GuidanceView changes as answers change, and records an override only with a reason."""

from __future__ import annotations

import pytest

from tests.forms.pathway_helpers import FORMS, SERVICE
from triage_desk.ui.guidance.view import GuidanceView

pytestmark = pytest.mark.ui


def test_panel_follows_answers_and_override_needs_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = GuidanceView(SERVICE)
    qtbot.addWidget(view)
    form = FORMS.get("triage-contact")
    view.set_answers(form, {"presenting_concern": ["welfare_concern"], "known_to_mh_services": "yes"})
    assert "Suggested: C" in view.browser.toPlainText()
    assert "NOT met" in view.browser.toPlainText()
    view.set_answers(form, {"location_type": "public_place", "s136_considered": "yes"})
    text = view.browser.toPlainText()
    assert "Suggested: B" in text and "s136" in text
    view.code_combo.setCurrentIndex(view.code_combo.findData("A"))
    records: list[dict] = []
    view.decision_changed.connect(records.append)
    assert view.record_decision() is None and records == []
    assert "differs" in view.status.text()
    view.reason.setText("officer reports a weapon now")
    record = view.record_decision()
    assert record and records == [record]
    assert record["override_reason"] == "officer reports a weapon now" and record["decision"]["code"] == "A"
    assert "R3" in record["fired_rules"]
    view.toggle_why()
    assert "Source: Mental Health Act 1983 s136(1)" in view.browser.toPlainText()
    assert "public" not in view.police_log().lower() or "UK MHTS A" in view.police_log()
