"""Contact records use cases: start, autosave, recover, sign, amend, open and print.

What the UI calls. Answers cross this boundary as typed values (dates, aware datetimes…) and are
stored as JSON through forms_engine.answer_codec. Every record opens with ITS OWN form version, so
the FormLibrary must keep every version ever released (it does: versions are keyed, never replaced).

Every call that reads or changes a record takes the signed-in :class:`Principal`; the permission is
checked here (``access``) and the access written to the audit log, in the same transaction as the
change when there is one (sign, amend). Reading a record someone else wrote needs a
:class:`Purpose`: ``open_record(id, principal=me)`` opens my own draft or signed record to carry on
with it; ``open_record(id, principal=me, purpose=why)`` opens anyone's, and is logged as OPEN_RECORD
whenever the record is not mine. Printing always needs a purpose and is always logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import TriageDeskError
from triage_desk.domain.principal import Principal
from triage_desk.forms_engine.answer_codec import decode_answers, encode_answers, encode_value
from triage_desk.forms_engine.evaluation import Evaluator
from triage_desk.forms_engine.expressions import EvalContext
from triage_desk.forms_engine.loader import FormLibrary
from triage_desk.forms_engine.schema import FieldType, Form
from triage_desk.forms_engine.signing_validation import SignProblem, validate_for_signing
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import CONTACT, AuditAction, AuditService, Purpose, ensure_purpose
from triage_desk.services.record_html import record_html
from triage_desk.storage import contact_records as records
from triage_desk.storage.contact_records import StoredAmendment, StoredContact
from triage_desk.storage.database import Database


class SigningRefusedError(TriageDeskError):
    """The record is not complete or has invalid answers; ``problems`` lists each one."""

    def __init__(self, problems: list[SignProblem]) -> None:
        super().__init__(
            f"The record cannot be signed yet: {len(problems)} problem(s).",
            hint="Fix each listed item, then sign again.",
        )
        self.problems = problems


class AmendmentError(TriageDeskError):
    """An amendment was refused (no reason, unknown field, nothing changed…)."""


@dataclass(frozen=True)
class DraftSummary:
    """One unsigned draft, as the recovery list shows it."""

    id: str
    form_id: str
    form_version: int
    form_title: str
    created_at: datetime
    updated_at: datetime
    incident_ref: str | None
    created_by: str | None


@dataclass(frozen=True)
class OpenRecord:
    """A record with the form version it was made with, its amendments and the amended answers."""

    contact: StoredContact
    form: Form
    answers: dict[str, object]  # as signed (or as drafted)
    amendments: list[StoredAmendment]
    effective_answers: dict[str, object]  # answers with every amendment applied in order


class ContactService:
    def __init__(
        self,
        db: Database,
        library: FormLibrary,
        *,
        audit: AuditService | None = None,
        zone: str = "Europe/London",
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.library = library
        self.audit = audit or AuditService(db, clock=clock)
        self.zone = zone
        self._clock = clock
        self._evaluators: dict[tuple[str, int], Evaluator] = {}

    # Forms -----------------------------------------------------------------------------------
    @property
    def form_warnings(self) -> list[str]:
        """Problems with site form files (the bundled version is used instead); show them to the user."""
        return list(self.library.warnings)

    def form(self, form_id: str, version: int | None = None) -> Form:
        return self.library.get(form_id, version)

    def evaluator(self, form: Form) -> Evaluator:
        key = (form.id, form.version)
        if key not in self._evaluators:
            self._evaluators[key] = Evaluator(form)
        return self._evaluators[key]

    def eval_context(self, now: datetime | None = None) -> EvalContext:
        moment = now or self._clock()
        return EvalContext(now=moment, zone_today=moment.astimezone(ZoneInfo(self.zone)).date())

    # Drafts ----------------------------------------------------------------------------------
    def start_contact(self, form_id: str, *, principal: Principal) -> StoredContact:
        """A new, empty draft on the latest version of the form, written by ``principal``.
        Not audited: nothing existing is read, and the draft is the principal's own."""
        require(principal, Permission.TRIAGE)
        form = self.library.get(form_id)
        with self.db.session() as s:
            return records.create_draft(
                s, site_id=self.db.site_id, form_id=form.id, form_version=form.version,
                created_by=principal.user_id,
            )

    def autosave(self, contact_id: str, answers: Mapping[str, object]) -> None:
        with self.db.session() as s:
            stored = records.get_contact(s, contact_id)
            form = self.library.get(stored.form_id, stored.form_version)
            records.save_answers(s, contact_id, encode_answers(form, answers))

    def recoverable_drafts(self, user_id: str | None = None) -> list[DraftSummary]:
        with self.db.reader() as s:
            drafts = records.unsigned_drafts(s, user_id)
        return [
            DraftSummary(
                d.id,
                d.form_id,
                d.form_version,
                self._title(d.form_id, d.form_version),
                d.created_at,
                d.updated_at,
                d.incident_ref,
                d.created_by,
            )
            for d in drafts
        ]

    def _title(self, form_id: str, version: int) -> str:
        try:
            return self.library.get(form_id, version).title
        except KeyError:
            return f"{form_id} v{version}"

    # Signing ---------------------------------------------------------------------------------
    def signing_problems(
        self, contact_id: str, answers: Mapping[str, object] | None = None
    ) -> list[SignProblem]:
        record = self._load(contact_id)
        return validate_for_signing(
            record.form,
            record.answers if answers is None else answers,
            self.eval_context(),
            self.evaluator(record.form),
        )

    def sign(
        self, contact_id: str, answers: Mapping[str, object] | None = None, *, principal: Principal
    ) -> StoredContact:
        """Validate, stamp the signing time and seal, as ``principal`` (the signer). ``answers`` (the
        editor's latest) are saved first. One SIGN event, committed with the signature."""
        require(principal, Permission.SIGN)
        signed_at = self._clock()
        with self.db.session() as s:
            stored = records.get_contact(s, contact_id)
            form = self.library.get(stored.form_id, stored.form_version)
            final = dict(answers) if answers is not None else decode_answers(form, stored.answers)
            signed_field = form.fields_by_id.get("signed_at")
            if signed_field is not None and signed_field.type is FieldType.DATETIME:
                final["signed_at"] = signed_at
            problems = validate_for_signing(form, final, self.eval_context(signed_at), self.evaluator(form))
            if problems:
                raise SigningRefusedError(problems)
            signed = records.sign(
                s, contact_id, signed_by=principal.user_id, signed_at=signed_at,
                answers=encode_answers(form, final),
            )
            self.audit.record_in(s, principal, AuditAction.SIGN, CONTACT, contact_id,
                                 detail={"form_id": form.id, "form_version": form.version})
            return signed

    # Amendments ------------------------------------------------------------------------------
    def amend(
        self, contact_id: str, reason: str, changes: Mapping[str, object], *, principal: Principal
    ) -> StoredAmendment:
        """Record corrections to a signed record; ``changes`` maps field id → the new (typed) value.

        Only the record's author may amend it (AMEND_OWN; the author is whoever signed it); anyone
        else adds a new entry instead. One AMEND event naming the fields changed (never the values),
        committed with the amendment."""
        record = self._load(contact_id)
        require(principal, Permission.AMEND_OWN, owner_id=author_of(record.contact))
        if not reason or not reason.strip():
            raise AmendmentError(
                "An amendment needs a reason.", hint="Say why the signed record is corrected."
            )
        if record.contact.status != "signed":
            raise AmendmentError("Only signed records are amended.", hint="Edit the draft directly.")
        diff: dict[str, dict[str, object]] = {}
        for fid, new in changes.items():
            f = record.form.fields_by_id.get(fid)
            if f is None or f.is_computed:
                raise AmendmentError(
                    f"'{fid}' is not an answer of {record.form.title} v{record.form.version}."
                )
            old = record.effective_answers.get(fid)
            if old != new:
                diff[fid] = {"old": encode_value(f, old), "new": encode_value(f, new)}
        if not diff:
            raise AmendmentError("The amendment changes nothing.", hint="Enter the corrected value.")
        with self.db.session() as s:
            amendment = records.add_amendment(
                s, contact_id, site_id=self.db.site_id, author=principal.user_id, reason=reason,
                changes=diff,
            )
            self.audit.record_in(s, principal, AuditAction.AMEND, CONTACT, contact_id,
                                 detail={"amendment_id": amendment.id, "fields": sorted(diff)})
            return amendment

    # Reading ---------------------------------------------------------------------------------
    def open_record(
        self, contact_id: str, *, principal: Principal, purpose: Purpose | None = None
    ) -> OpenRecord:
        """The record with its form version and amendments, for ``principal`` to carry on or to read.

        One's own record (draft or signed) opens without a purpose and is not logged: the author's
        SIGN and AMEND events already tie them to it. Anyone else's needs a purpose and writes one
        OPEN_RECORD event. A purpose given for one's own record is logged too (an empty one is
        treated as none, so a window holding a blank purpose still opens the user's own drafts)."""
        record = self._load(contact_id)
        self._check_read(record.contact, principal, purpose)
        return record

    def render_record_html(
        self, contact_id: str, *, principal: Principal, purpose: Purpose | None = None
    ) -> str:
        """The read-only view for the screen (all user text escaped); opened as by ``open_record``."""
        return self.record_view_html(self.open_record(contact_id, principal=principal, purpose=purpose))

    def print_record(self, contact_id: str, *, principal: Principal, purpose: Purpose) -> str:
        """The printable HTML, for paper or PDF: a copy leaving the system, so always one PRINT event
        with its purpose (which also covers reading the record to print it)."""
        require(principal, Permission.PRINT)
        ensure_purpose(purpose)
        record = self._load(contact_id)
        html = self.record_view_html(record)
        self.audit.record(principal, AuditAction.PRINT, CONTACT, contact_id, purpose,
                          {"form_id": record.form.id, "status": record.contact.status})
        return html

    def _check_read(self, contact: StoredContact, principal: Principal, purpose: Purpose | None) -> None:
        own = principal.user_id in {contact.created_by, contact.signed_by}
        if own and not (purpose and purpose.text):  # an empty purpose is no purpose
            require(principal, Permission.TRIAGE)
            return
        require(principal, Permission.LOOKUP)
        ensure_purpose(purpose)
        self.audit.record(principal, AuditAction.OPEN_RECORD, CONTACT, contact.id, purpose,
                          {"form_id": contact.form_id, "status": contact.status})

    def _load(self, contact_id: str) -> OpenRecord:
        with self.db.reader() as s:
            stored = records.get_contact(s, contact_id)
            amendments = records.amendments_of(s, contact_id)
        form = self.library.get(stored.form_id, stored.form_version)
        answers = decode_answers(form, stored.answers)
        effective = dict(answers)
        for amendment in amendments:
            encoded = {fid: change.get("new") for fid, change in amendment.changes.items()}
            effective.update(decode_answers(form, encoded))
        return OpenRecord(stored, form, answers, amendments, effective)

    def record_view_html(self, record: OpenRecord) -> str:
        """The screen view of a record already opened (through ``open_record``, which logged it)."""
        moment = record.contact.signed_at or self._clock()
        state = self.evaluator(record.form).evaluate(record.answers, self.eval_context(moment))
        return record_html(record, state, self.zone)


def author_of(contact: StoredContact) -> str | None:
    """Whose entry a record is: whoever signed it (accountable for what it says), else its creator."""
    return contact.signed_by or contact.created_by
