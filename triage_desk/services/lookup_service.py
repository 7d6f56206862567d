"""The person lookup as the UI and the CLI use it: search, detail, link, create, merge, undo.

Search runs in three steps: parse/validate (``lookup.query``), indexed retrieval
(``storage.person_search``), scoring and ranking in Python (``lookup.ranking``). Roles and audit
arrive with a later issue; until then callers pass ``actor_user_id`` and ``role`` and merging is
refused to anyone but supervisors and admins.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.lookup_records import MergeSummary, PersonDetail
from triage_desk.domain.roles import MERGE_ROLES
from triage_desk.lookup.blocking import search_keys
from triage_desk.lookup.frequent import frequent_contact_prompt
from triage_desk.lookup.keys import person_keys
from triage_desk.lookup.person_input import build_person_input
from triage_desk.lookup.query import LookupQuery, build_query, parse_free_text
from triage_desk.lookup.ranking import DEFAULT_LIMIT, LookupResult, rank
from triage_desk.storage import person_merge, person_records, person_search
from triage_desk.storage.database import Database


class LookupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def search(self, query: LookupQuery | str, *, limit: int = DEFAULT_LIMIT) -> LookupResult:
        started = time.perf_counter()
        q = parse_free_text(query) if isinstance(query, str) else query
        if not q.is_searchable:
            return LookupResult(q, (), q.problems, 0, (time.perf_counter() - started) * 1000)
        with self.db.reader() as s:
            records = person_search.find_candidates(s, search_keys(q))
        ranked = tuple(rank(q, records, limit=limit))
        return LookupResult(q, ranked, q.problems, len(records), (time.perf_counter() - started) * 1000)

    def search_text(
        self, text: str, *, dob: str = "", postcode: str = "", limit: int = DEFAULT_LIMIT
    ) -> LookupResult:
        """The UI's search: one free-text box plus optional fields. ``dob`` may be a date, a year
        or an age in years ("40", "~40"); an explicit field wins over the same part of the text."""
        dob_text = dob.strip().lstrip("~").strip()
        age = int(dob_text) if dob_text.isdigit() and len(dob_text) <= 3 else None
        query = build_query(
            text, dob=dob_text or None if age is None else None, age=age, postcode=postcode.strip() or None
        )
        return self.search(query, limit=limit)

    def last_merge_into(self, person_id: str) -> MergeSummary | None:
        """The newest merge into ``person_id`` that has not been undone (what "Undo merge" undoes)."""
        with self.db.reader() as s:
            return person_merge.last_active_merge(s, person_id)

    def person_detail(self, person_id: str) -> PersonDetail:
        with self.db.reader() as s:
            detail = person_records.person_detail(s, person_id)
        return replace(detail, frequent_contact_prompt=frequent_contact_prompt(detail.counts))

    def link_contact(self, contact_id: str, person_id: str, *, actor_user_id: str | None) -> None:
        with self.db.session() as s:
            person_records.link_contact(s, contact_id, person_id)

    def create_person(
        self,
        *,
        actor_user_id: str | None,
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
        with self.db.session() as s:
            return person_records.insert_person(s, data, self.db.site_id)

    def merge_persons(
        self, survivor_id: str, merged_id: str, *, actor_user_id: str | None, role: str
    ) -> MergeSummary:
        _require_merge_role(role)
        with self.db.session() as s:
            merged = person_records.get_live_person(s, merged_id)
            keys = person_keys(merged.given_name, merged.family_name)
            return person_merge.merge_persons(
                s,
                survivor_id=survivor_id,
                merged_id=merged_id,
                actor_user_id=actor_user_id,
                origin_site=self.db.site_id,
                alias_keys=keys,
            )

    def undo_merge(self, merge_id: str, *, actor_user_id: str | None, role: str) -> MergeSummary:
        _require_merge_role(role)
        with self.db.session() as s:
            return person_merge.undo_merge(s, merge_id=merge_id, actor_user_id=actor_user_id)


def _require_merge_role(role: str) -> None:
    if role not in MERGE_ROLES:
        raise PermissionDeniedError(
            "Only a supervisor or an admin can merge person records or undo a merge.",
            hint="Ask a supervisor to review the possible duplicate.",
        )
