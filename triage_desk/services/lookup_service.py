"""The person lookup as the UI and the CLI use it: search, detail, link, create, merge, undo.

Search runs in three steps: parse/validate (``lookup.query``), indexed retrieval
(``storage.person_search``), scoring and ranking in Python (``lookup.ranking``).

Every call takes the signed-in :class:`Principal`; the permission is checked here (``access``), so
the GUI and the command line obey the same rules, and every access is written to the audit log:
reads (search, detail) after the read, changes (create, link, merge, undo) in the same transaction
as the change. Consulting a person's record (search, detail) needs a :class:`Purpose`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from triage_desk.domain.lookup_records import MergeSummary, PersonDetail
from triage_desk.domain.principal import Principal
from triage_desk.lookup.blocking import search_keys
from triage_desk.lookup.frequent import frequent_contact_prompt
from triage_desk.lookup.keys import person_keys
from triage_desk.lookup.person_input import build_person_input
from triage_desk.lookup.query import LookupQuery, build_query, parse_free_text
from triage_desk.lookup.ranking import DEFAULT_LIMIT, LookupResult, rank
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import CONTACT, PERSON, AuditAction, AuditService, Purpose, ensure_purpose
from triage_desk.services.search_index import SearchIndex
from triage_desk.storage import person_merge, person_records, person_search
from triage_desk.storage.database import Database


def search_criteria(query: LookupQuery) -> list[str]:
    """Which kinds of criteria a search used, for its audit event: names of kinds, never values."""
    kinds = {
        "name": query.has_name,
        "date_of_birth": query.dob is not None,
        "birth_year": query.birth_year is not None,
        "age": query.age is not None,
        "postcode": query.postcode_is_full,
        "postcode_district": bool(query.postcode) and not query.postcode_is_full,
        "phone": bool(query.phone),
        "nhs_number": bool(query.nhs_number),
        "address": bool(query.address),
    }
    return [kind for kind, used in kinds.items() if used]


class LookupService:
    def __init__(self, db: Database, audit: AuditService | None = None, *,
                 index: SearchIndex | None = None) -> None:
        self.db = db
        self.audit = audit or AuditService(db)
        self.index = index or SearchIndex(db)

    def search(
        self, query: LookupQuery | str, *, principal: Principal, purpose: Purpose, limit: int = DEFAULT_LIMIT
    ) -> LookupResult:
        """Ranked candidates. Audited as one SEARCH event holding the kinds of criteria used and the
        number of candidates shown, never what was typed. Nothing searchable: nothing read, no event."""
        require(principal, Permission.LOOKUP)
        ensure_purpose(purpose)
        started = time.perf_counter()
        q = parse_free_text(query) if isinstance(query, str) else query
        if not q.is_searchable:
            return LookupResult(q, (), q.problems, 0, (time.perf_counter() - started) * 1000)
        self.index.ensure_current()  # re-index after a key change; fresh name parts for new names
        with self.db.reader() as s:
            records = person_search.find_candidates(s, search_keys(q))
        ranked = tuple(rank(q, records, limit=limit))
        self.audit.record(principal, AuditAction.SEARCH, PERSON, None, purpose,
                          {"criteria": search_criteria(q), "candidates": len(ranked)})
        return LookupResult(q, ranked, q.problems, len(records), (time.perf_counter() - started) * 1000)

    def search_text(
        self, text: str, *, principal: Principal, purpose: Purpose, dob: str = "", postcode: str = "",
        limit: int = DEFAULT_LIMIT,
    ) -> LookupResult:
        """The UI's search: one free-text box plus optional fields. ``dob`` may be a date, a year
        or an age in years ("40", "~40"); an explicit field wins over the same part of the text."""
        dob_text = dob.strip().lstrip("~").strip()
        age = int(dob_text) if dob_text.isdigit() and len(dob_text) <= 3 else None
        query = build_query(
            text, dob=dob_text or None if age is None else None, age=age, postcode=postcode.strip() or None
        )
        return self.search(query, principal=principal, purpose=purpose, limit=limit)

    def last_merge_into(self, person_id: str, *, principal: Principal) -> MergeSummary | None:
        """The newest merge into ``person_id`` that has not been undone (what "Undo merge" undoes).
        Ids only, no personal data: checked (merging is supervisor work) but not audited."""
        require(principal, Permission.MERGE)
        with self.db.reader() as s:
            return person_merge.last_active_merge(s, person_id)

    def person_detail(self, person_id: str, *, principal: Principal, purpose: Purpose) -> PersonDetail:
        """A person's timeline, warnings, plan and counts; audited as one VIEW_PERSON event."""
        require(principal, Permission.LOOKUP)
        ensure_purpose(purpose)
        with self.db.session() as s:
            detail = person_records.person_detail(s, person_id)
            self.audit.record_in(s, principal, AuditAction.VIEW_PERSON, PERSON, person_id, purpose)
        return replace(detail, frequent_contact_prompt=frequent_contact_prompt(detail.counts))

    def link_contact(self, contact_id: str, person_id: str, *, principal: Principal) -> None:
        require(principal, Permission.TRIAGE)
        with self.db.session() as s:
            person_records.link_contact(s, contact_id, person_id)
            self.audit.record_in(s, principal, AuditAction.LINK_CONTACT, PERSON, person_id,
                                 detail={"record_type": CONTACT, "contact_id": contact_id})

    def create_person(
        self,
        *,
        principal: Principal,
        given_name: str = "",
        family_name: str = "",
        date_of_birth: str | date | None = None,
        sex: str | None = None,
        address: str | None = None,
        postcode: str | None = None,
        phone: str | None = None,
        nhs: str | None = None,
        aliases: Sequence[tuple[str, str]] = (),
    ) -> str:
        require(principal, Permission.TRIAGE)
        data = build_person_input(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            sex=sex,
            address=address,
            postcode=postcode,
            phone=phone,
            nhs=nhs,
            aliases=aliases,
        )
        given = {"given_name": given_name, "family_name": family_name, "date_of_birth": date_of_birth,
                 "sex": sex, "address": address, "postcode": postcode, "phone": phone, "nhs_number": nhs}
        fields = sorted(name for name, value in given.items() if value)
        with self.db.session() as s:
            person_id = person_records.insert_person(s, data, self.db.site_id)
            self.audit.record_in(s, principal, AuditAction.CREATE_PERSON, PERSON, person_id,
                                 detail={"fields": fields, "aliases": len(aliases)})
            return person_id

    def merge_persons(self, survivor_id: str, merged_id: str, *, principal: Principal) -> MergeSummary:
        require(principal, Permission.MERGE)
        with self.db.session() as s:
            merged = person_records.get_live_person(s, merged_id)
            keys = person_keys(merged.given_name, merged.family_name)
            summary = person_merge.merge_persons(
                s,
                survivor_id=survivor_id,
                merged_id=merged_id,
                actor_user_id=principal.user_id,
                origin_site=self.db.site_id,
                alias_keys=keys,
            )
            self.audit.record_in(s, principal, AuditAction.MERGE, PERSON, survivor_id,
                                 detail=_merge_detail(summary, undone=False))
            return summary

    def undo_merge(self, merge_id: str, *, principal: Principal) -> MergeSummary:
        require(principal, Permission.MERGE)
        with self.db.session() as s:
            summary = person_merge.undo_merge(s, merge_id=merge_id, actor_user_id=principal.user_id)
            self.audit.record_in(s, principal, AuditAction.MERGE, PERSON, summary.survivor_id,
                                 detail=_merge_detail(summary, undone=True))
            return summary


def _merge_detail(summary: MergeSummary, *, undone: bool) -> dict[str, object]:
    """Both person ids and what moved (counts), so the log says exactly which records were joined."""
    return {
        "merge_id": summary.merge_id,
        "survivor_id": summary.survivor_id,
        "merged_id": summary.merged_id,
        "undone": undone,
        "moved": {table: len(ids) for table, ids in sorted(summary.moved.items())},
    }
