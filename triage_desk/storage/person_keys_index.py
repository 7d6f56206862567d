"""Stored person search keys: read names in batches, write back recomputed keys and name parts.

The keys themselves are computed above this layer (``lookup.keys``); these functions take the
computing functions as arguments. Each call works inside the caller's session, and each one that
writes begins by writing, so SQLite takes the write lock before the names are read: another writer
cannot change a name between the read and the write-back.

Key columns are derived data: rewriting them does not bump ``version`` or queue anything for sync.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from triage_desk.storage.models import (
    Base,
    Person,
    PersonAlias,
    PersonKeysPending,
    PersonNamePart,
    SiteMeta,
)

KEYS_VERSION_META = "person_keys_version"

PersonKeysFn = Callable[[str, str, str, str], dict[str, str]]  # (given, family, postcode, phone)
PartKeysFn = Callable[[str], list[tuple[str, str]]]  # family name -> [(norm, phonetic)]

_PERSON_KEYS = ("given_norm", "family_norm", "given_phonetic", "family_phonetic", "postcode_norm",
                "phone_norm")
_ALIAS_KEYS = ("given_norm", "family_norm", "given_phonetic", "family_phonetic")


def stored_version(session: Session) -> str | None:
    row = session.get(SiteMeta, KEYS_VERSION_META)
    return row.value if row else None


def set_version(session: Session, version: str) -> None:
    session.merge(SiteMeta(key=KEYS_VERSION_META, value=version))


def has_persons(session: Session) -> bool:
    return session.execute(select(Person.id).limit(1)).first() is not None


def person_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Person)).scalar_one())


def pending(session: Session, limit: int) -> list[str]:
    return list(session.scalars(select(PersonKeysPending.person_id).limit(limit)))


def _lock(session: Session) -> None:
    """Begin the write transaction now (see the module docstring)."""
    session.execute(update(SiteMeta).where(SiteMeta.key == KEYS_VERSION_META).values(value=SiteMeta.value))


def refresh_parts(session: Session, person_ids: Sequence[str], part_keys: PartKeysFn) -> int:
    """Recompute the name parts of ``person_ids`` (their own family name and their live aliases')
    and take them off the pending list. Returns the number of part rows written."""
    if not person_ids:
        return 0
    _lock(session)
    ids = list(person_ids)
    session.execute(delete(PersonNamePart).where(PersonNamePart.person_id.in_(ids)))
    names: dict[str, list[str]] = {}
    for person_id, family in session.execute(select(Person.id, Person.family_name).where(Person.id.in_(ids))):
        names.setdefault(person_id, []).append(family or "")
    aliases = select(PersonAlias.person_id, PersonAlias.family_name).where(
        PersonAlias.person_id.in_(ids), PersonAlias.deleted.is_(False))
    for person_id, family in session.execute(aliases):
        names.setdefault(person_id, []).append(family or "")
    rows = []
    for person_id, families in names.items():
        parts = {key: None for family in families for key in part_keys(family)}
        rows += [{"person_id": person_id, "part_norm": norm, "part_phonetic": phonetic}
                 for norm, phonetic in parts]
    if rows:
        session.execute(insert(PersonNamePart), rows)
    session.execute(delete(PersonKeysPending).where(PersonKeysPending.person_id.in_(ids)))
    return len(rows)


def reindex_batch(session: Session, after_id: str, size: int, person_keys: PersonKeysFn,
                  part_keys: PartKeysFn) -> tuple[str | None, int]:
    """Recompute every stored key of the next ``size`` persons (by id, after ``after_id``) and of
    their aliases, and their name parts. Returns (the last id done, or None when there were none;
    the number of persons whose own keys changed)."""
    _lock(session)
    columns = [Person.id, Person.given_name, Person.family_name, Person.postcode, Person.phone,
               *(getattr(Person, k) for k in _PERSON_KEYS)]
    next_batch = select(*columns).where(Person.id > after_id).order_by(Person.id).limit(size)
    batch = session.execute(next_batch).all()
    if not batch:
        return None, 0
    changed = []
    for person_id, given, family, postcode, phone, *stored in batch:
        fresh = person_keys(given or "", family or "", postcode or "", phone or "")
        if [fresh[k] for k in _PERSON_KEYS] != list(stored):
            changed.append({"b_id": person_id, **{k: fresh[k] for k in _PERSON_KEYS}})
    if changed:
        persons = Base.metadata.tables["persons"]
        stmt = update(persons).where(persons.c.id == bindparam("b_id"))
        session.execute(stmt.values({k: bindparam(k) for k in _PERSON_KEYS}), changed)
    ids = [row[0] for row in batch]
    alias_columns = [PersonAlias.id, PersonAlias.given_name, PersonAlias.family_name,
                     *(getattr(PersonAlias, k) for k in _ALIAS_KEYS)]
    alias_changes = []
    for alias_id, given, family, *stored in session.execute(
            select(*alias_columns).where(PersonAlias.person_id.in_(ids))):
        fresh = person_keys(given or "", family or "", "", "")
        if [fresh[k] for k in _ALIAS_KEYS] != list(stored):
            alias_changes.append({"b_id": alias_id, **{k: fresh[k] for k in _ALIAS_KEYS}})
    if alias_changes:
        aliases = Base.metadata.tables["person_aliases"]
        stmt = update(aliases).where(aliases.c.id == bindparam("b_id"))
        session.execute(stmt.values({k: bindparam(k) for k in _ALIAS_KEYS}), alias_changes)
    refresh_parts(session, ids, part_keys)
    return ids[-1], len(changed)
