"""Render one stored contact as read-only HTML (everything escaped: answers are free text)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from triage_desk.domain.clock import format_local
from triage_desk.domain.records import ContactDetail


def _row(label: str, value: str | None) -> str:
    shown = escape(value) if value else "<i>not recorded</i>"
    head = "<th align='left' valign='top' style='padding-right:12px'>"
    return f"<tr>{head}{escape(label)}</th><td>{shown}</td></tr>"


def _words(code: str | None) -> str | None:
    return code.replace("_", " ") if code else None


def _when(moment: datetime | None, zone: str) -> str | None:
    return format_local(moment, zone) if moment else None


def contact_html(detail: ContactDetail, zone: str) -> str:
    s = detail.summary
    status = "Signed" if s.status == "signed" else "Draft (not signed)"
    if s.status == "signed" and detail.signed_by:
        status += f" by {detail.signed_by}, {_when(detail.signed_at, zone) or 'time not recorded'}"
    parts = [
        f"<h3>{escape(s.person_label)}</h3>",
        "<table cellspacing='0' cellpadding='2'>",
        _row("Form", f"{s.form_id} version {s.form_version}"),
        _row("Status", status),
        _row("Incident ref", s.incident_ref),
        _row("Author", s.author),
        _row("Triage code", s.triage_code),
        _row("Outcome", _words(s.outcome_code)),
        _row("RCRP decision", _words(detail.rcrp_decision)),
        _row("Contact mode", _words(detail.contact_mode)),
        _row("Requester", _words(detail.requester_type)),
        _row("Location", _words(detail.location_type)),
        "</table>",
        "<h4>Timings</h4><table cellspacing='0' cellpadding='2'>",
        _row("Call received", _when(detail.call_received_at, zone)),
        _row("MHP involved", _when(detail.mhp_involved_at, zone)),
        _row("Advice given", _when(detail.advice_given_at, zone)),
        _row("Closed", _when(detail.closed_at, zone)),
        "</table>",
        "<h4>Coded answers</h4>",
    ]
    if detail.answers:
        parts.append("<table cellspacing='0' cellpadding='2'>")
        for key in sorted(detail.answers):
            parts.append(_row(key.replace("_", " "), _answer_text(detail.answers[key])))
        parts.append("</table>")
    else:
        parts.append("<p><i>No answers recorded.</i></p>")
    return "".join(parts)


def _answer_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
