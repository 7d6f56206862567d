"""The printable view of a record: simple HTML that QTextDocument renders and prints.

Every piece of user text goes through ``html.escape``: a record is shown to other people and must
never be able to inject markup. Hidden fields (skip logic) are left out, as in the editor; the
original answers are shown as signed, followed by each amendment (who, when, why, old → new).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from triage_desk.domain.clock import format_local
from triage_desk.forms_engine.answer_codec import decode_value
from triage_desk.forms_engine.answer_display import display_value
from triage_desk.forms_engine.evaluation import FormState

if TYPE_CHECKING:
    from triage_desk.services.contact_service import OpenRecord

_STYLE = (
    "body{font-family:sans-serif;font-size:10pt} h1{font-size:15pt} h2{font-size:12pt;margin-top:10px}"
    " td{padding:2px 6px;vertical-align:top} td.l{color:#444;width:40%} .amend{color:#8a3b00}"
)


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def record_html(record: OpenRecord, state: FormState, zone: str) -> str:
    c, form = record.contact, record.form
    status = (
        f"Signed by {escape(c.signed_by or '')} at {format_local(c.signed_at, zone)}"
        if c.status == "signed"
        else "DRAFT — not signed"
    )
    parts = [
        f"<html><head><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(form.title)}</h1>",
        f"<p>Form {escape(form.id)} version {form.version} · record {escape(c.id)}<br/>{status}"
        + (f"<br/>Content hash {escape(c.content_hash)}" if c.content_hash else "")
        + "</p>",
    ]
    amended = {fid for a in record.amendments for fid in a.changes}
    for section in form.sections:
        rows = []
        for f in section.fields:
            if not state.visible.get(f.id, False):
                continue
            value = state.calculated.get(f.id) if f.is_computed else record.answers.get(f.id)
            text = display_value(f, value, zone)
            if not text:
                continue
            mark = ' <span class="amend">(amended — see below)</span>' if f.id in amended else ""
            rows.append(f'<tr><td class="l">{escape(f.label)}</td><td>{_text(text)}{mark}</td></tr>')
        if rows:
            parts.append(f"<h2>{escape(section.title)}</h2><table>{''.join(rows)}</table>")
    if record.amendments:
        parts.append("<h2>Amendments</h2>")
        for a in record.amendments:
            parts.append(
                f'<p class="amend"><b>{format_local(a.created_at, zone)}</b> by {escape(a.author or "")}'
                f"<br/>Reason: {_text(a.reason)}</p><table>"
            )
            for fid, change in a.changes.items():
                f = form.fields_by_id.get(fid)
                label = f.label if f else fid
                old = (
                    display_value(f, decode_value(f, change.get("old")), zone)
                    if f
                    else str(change.get("old"))
                )
                new = (
                    display_value(f, decode_value(f, change.get("new")), zone)
                    if f
                    else str(change.get("new"))
                )
                parts.append(
                    f'<tr><td class="l">{escape(label)}</td><td>{_text(old) or "(blank)"} → '
                    f"{_text(new) or '(blank)'}</td></tr>"
                )
            parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
