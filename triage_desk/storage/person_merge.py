"""Merge a duplicate person into the one kept, and undo it exactly.

The merge re-points the duplicate's contacts, safety warnings, response plans and aliases to the
survivor, adds the duplicate's own name as an alias of the survivor (so searching the old name
still finds them), and sets ``merged_into_id``. The PersonMerge row lists every id that moved, so
undo moves back those rows only: anything linked to the survivor after the merge stays put.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.ids import new_id
from triage_desk.domain.lookup_records import MergeSummary
from triage_desk.storage.models import Contact, Person, PersonAlias, PersonMerge, ResponsePlan, SafetyWarning
from triage_desk.storage.person_records import get_live_person

MOVABLE: dict[str, Any] = {
    "contacts": Contact,
    "safety_warnings": SafetyWarning,
    "response_plans": ResponsePlan,
    "person_aliases": PersonAlias,
}


def _repoint(session: Session, model: Any, ids: list[str], person_id: str) -> None:
    now = utc_now()
    for row in session.scalars(select(model).where(model.id.in_(ids))):
        row.person_id = person_id
        row.updated_at = now
        if hasattr(row, "version"):
            row.version += 1


def _touch(person: Person) -> None:
    person.version += 1
    person.updated_at = utc_now()


def _summary(record: PersonMerge) -> MergeSummary:
    return MergeSummary(
        record.id,
        record.survivor_id,
        record.merged_id,
        dict(record.moved),
        undone=record.undone_at is not None,
    )


def merge_persons(
    session: Session,
    *,
    survivor_id: str,
    merged_id: str,
    actor_user_id: str | None,
    origin_site: str,
    alias_keys: dict[str, str],
) -> MergeSummary:
    if survivor_id == merged_id:
        raise ValidationError("A person cannot be merged into themselves.")
    survivor, merged = get_live_person(session, survivor_id), get_live_person(session, merged_id)
    for person in (survivor, merged):
        if person.merged_into_id:
            raise ValidationError(f"{person.given_name} {person.family_name} has already been merged.")
    moved: dict[str, list[str]] = {}
    for table, model in MOVABLE.items():
        stmt = select(model.id).where(model.person_id == merged_id)
        if hasattr(model, "deleted"):
            stmt = stmt.where(model.deleted.is_(False))
        moved[table] = list(session.scalars(stmt))
        _repoint(session, model, moved[table], survivor_id)
    created: list[str] = []
    if (alias_keys["given_norm"], alias_keys["family_norm"]) != (survivor.given_norm, survivor.family_norm):
        alias = PersonAlias(
            id=new_id(),
            origin_site=origin_site,
            person_id=survivor_id,
            kind="merged",
            given_name=merged.given_name,
            family_name=merged.family_name,
            given_norm=alias_keys["given_norm"],
            family_norm=alias_keys["family_norm"],
            given_phonetic=alias_keys["given_phonetic"],
            family_phonetic=alias_keys["family_phonetic"],
        )
        session.add(alias)
        created.append(alias.id)
    moved["created_aliases"] = created
    merged.merged_into_id = survivor_id
    _touch(merged)
    record = PersonMerge(
        id=new_id(),
        origin_site=origin_site,
        survivor_id=survivor_id,
        merged_id=merged_id,
        actor_user_id=actor_user_id,
        moved=moved,
    )
    session.add(record)
    session.flush()
    return _summary(record)


def undo_merge(session: Session, *, merge_id: str, actor_user_id: str | None) -> MergeSummary:
    record = session.get(PersonMerge, merge_id)
    if record is None or record.deleted:
        raise ValidationError(f"No merge with id {merge_id}.")
    if record.undone_at is not None:
        raise ValidationError("This merge has already been undone.")
    survivor, merged = session.get(Person, record.survivor_id), session.get(Person, record.merged_id)
    assert survivor is not None and merged is not None
    if survivor.merged_into_id:
        raise ValidationError(
            "The kept person has since been merged into another record.", hint="Undo that merge first."
        )
    for table, model in MOVABLE.items():
        _repoint(session, model, list(record.moved.get(table, [])), record.merged_id)
    now = utc_now()
    created = list(record.moved.get("created_aliases", []))
    for alias in session.scalars(select(PersonAlias).where(PersonAlias.id.in_(created))):
        alias.deleted = True  # a tombstone, so the removal can sync
        alias.updated_at = now
        alias.version += 1
    merged.merged_into_id = None
    _touch(merged)
    record.undone_at, record.undone_by = now, actor_user_id
    record.version += 1
    record.updated_at = now
    return _summary(record)


def last_active_merge(session: Session, survivor_id: str) -> MergeSummary | None:
    record = session.scalars(
        select(PersonMerge)
        .where(PersonMerge.survivor_id == survivor_id, PersonMerge.undone_at.is_(None),
               PersonMerge.deleted.is_(False))
        .order_by(PersonMerge.created_at.desc(), PersonMerge.id.desc())
    ).first()
    return _summary(record) if record else None
