"""Candidate retrieval for the person lookup: indexed queries only, never a scan of persons.

Each "block" is one small query on one index (see ``lookup.blocking`` for why each exists), with
its own LIMIT. All blocks go to SQLite as ONE statement (``UNION ALL`` of the blocks, each tagged
with its priority, exact identifiers first), which also returns the candidates' rows; aliases come
in a second statement. One round trip instead of a dozen matters on every keystroke: building,
caching and executing a dozen SQLAlchemy Core statements cost more than SQLite's index work did.

The SQL is written by hand for that reason (plain text with ``?`` parameters, run through the
session's connection): the local database is always SQLite. Prefix search uses a range
(``>= x AND < x || U+FFFF``) rather than LIKE, which SQLite would not serve from the index.
Merged and tombstoned persons are never candidates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from triage_desk.domain.lookup_records import AliasRecord, CandidateRecord, SearchKeys

_TOP = "\uffff"
_RANK_STEP = 100_000  # larger than any block LIMIT
_LIVE = "deleted = 0 AND merged_into_id IS NULL"
_ALIAS_LIVE = "a.deleted = 0 AND p.deleted = 0 AND p.merged_into_id IS NULL"

Block = tuple[str, list[Any]]  # "SELECT id FROM ... WHERE ..." and its parameters


def _in(column: str, values: tuple[Any, ...] | list[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def _person(where: str, params: list[Any], order: str = "") -> Block:
    return f"SELECT id FROM persons WHERE {where} AND {_LIVE}{order}", params


def _alias(where: str, params: list[Any]) -> Block:
    sql = (
        "SELECT a.person_id AS id FROM person_aliases a JOIN persons p ON p.id = a.person_id "
        f"WHERE {where} AND {_ALIAS_LIVE}"
    )
    return sql, params


def _part(where: str, params: list[Any]) -> Block:
    """A part of a multi-part family name ("Jones" of Smith-Jones; table person_name_parts)."""
    sql = (
        "SELECT k.person_id AS id FROM person_name_parts k JOIN persons p ON p.id = k.person_id "
        f"WHERE {where} AND p.deleted = 0 AND p.merged_into_id IS NULL"
    )
    return sql, params


def _prefix(column: str, prefix: str) -> tuple[str, list[Any]]:
    return f"{column} >= ? AND {column} < ?", [prefix, prefix + _TOP]


def _dates(values: tuple[date, ...]) -> list[str]:
    return [d.isoformat() for d in values]  # SQLAlchemy's Date type stores ISO text in SQLite


def blocks(keys: SearchKeys) -> list[Block]:
    """The retrieval queries for ``keys``, most specific first."""
    out: list[Block] = []
    if keys.nhs_number:
        out.append(_person("nhs_number = ?", [keys.nhs_number]))
    if keys.phone:
        out.append(_person("phone_norm = ?", [keys.phone]))
    for b in keys.names:
        if b.given_phonetics:
            given_sql, given_params = _in("given_phonetic", b.given_phonetics)
            out.append(_person(f"family_norm = ? AND {given_sql}", [b.family_norm, *given_params]))
            if b.family_phonetic:
                params = [b.family_phonetic, *given_params]
                out.append(_person(f"family_phonetic = ? AND {given_sql}", params))
    if keys.dobs:
        sql, params = _in("date_of_birth", _dates(keys.dobs))
        out.append(_person(sql, params))
    if keys.postcode:
        out.append(_person("postcode_norm = ?", [keys.postcode]))
    for b in keys.names:
        out.append(_alias("a.family_norm = ?", [b.family_norm]))
        if b.family_phonetic:
            out.append(_alias("a.family_phonetic = ?", [b.family_phonetic]))
        # The typed family name may be one part of a double-barrelled one: "Jones", "Smyth".
        out.append(_part("k.part_norm = ?", [b.family_norm]))
        if b.family_phonetic:
            out.append(_part("k.part_phonetic = ?", [b.family_phonetic]))
        if b.given_initial:
            # A given name misspelt beyond its phonetic key: family prefix plus the same initial.
            family_sql, family_params = _prefix("family_norm", b.family_norm)
            given_sql, given_params = _prefix("given_norm", b.given_initial)
            out.append(_person(f"{family_sql} AND {given_sql}", family_params + given_params))
            if b.given_phonetics:
                # A family name misspelt beyond its phonetic key ("Tompson" for Thompson: T/0): the
                # given name's sound plus the family initial, off the (given, family) index.
                phon_sql, phon_params = _in("given_phonetic", b.given_phonetics)
                initial_sql, initial_params = _prefix("family_norm", b.family_norm[:1])
                out.append(_person(f"{phon_sql} AND {initial_sql}", phon_params + initial_params))
        else:
            # Only one name typed (or still typing): family name alone, nearest spellings first.
            sql, params = _prefix("family_norm", b.family_norm)
            out.append(_person(sql, params, " ORDER BY family_norm"))
            if b.family_phonetic:
                out.append(_person("family_phonetic = ?", [b.family_phonetic]))
    if keys.single_token_phonetic:
        out.append(_person("given_phonetic = ?", [keys.single_token_phonetic]))
    if keys.near_dobs:
        name_sql, name_params = _any_name_key(keys)
        if name_sql:
            sql, params = _in("date_of_birth", _dates(keys.near_dobs))
            out.append(_person(f"{sql} AND ({name_sql})", params + name_params))
    return out


def _any_name_key(keys: SearchKeys) -> tuple[str, list[Any]]:
    """Either phonetic key matches, as a filter only: ``|| ''`` keeps SQLite off the phonetic
    indexes (thousands of rows for a common name) so it drives the query from the date index."""
    parts: list[str] = []
    params: list[Any] = []
    for column, values in (("given_phonetic", keys.all_given_phonetics),
                           ("family_phonetic", keys.all_family_phonetics)):
        if values:
            sql, p = _in(f"({column} || '')", values)
            parts.append(sql)
            params += p
    return " OR ".join(parts), params


_COLUMNS = (
    "id", "given_name", "family_name", "date_of_birth", "estimated_birth_year", "address", "postcode",
    "phone", "nhs_number", "given_norm", "family_norm", "given_phonetic", "family_phonetic",
    "postcode_norm", "phone_norm",
)


def candidate_statement(keys: SearchKeys) -> tuple[str, list[Any]]:
    """One statement: every block (each with its own LIMIT), deduplicated, best priority first,
    capped, joined back to the person rows."""
    parts: list[str] = []
    params: list[Any] = []
    for priority, (sql, block_params) in enumerate(blocks(keys)):
        # rank = block priority, then the block's own order (e.g. nearest spelling first)
        parts.append(f"SELECT id, {priority * _RANK_STEP} + row_number() OVER () AS pri FROM ({sql} LIMIT ?)")
        params += [*block_params, keys.block_limit]
    columns = ", ".join(f"p.{c}" for c in _COLUMNS)
    sql = (
        f"WITH hits(id, pri) AS ({' UNION ALL '.join(parts)}), "
        "best AS (SELECT id, min(pri) AS pri FROM hits GROUP BY id ORDER BY pri LIMIT ?) "
        f"SELECT {columns} FROM best JOIN persons p ON p.id = best.id ORDER BY best.pri, p.id"
    )
    return sql, [*params, keys.cap]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else value or None


def find_candidates(session: Session, keys: SearchKeys) -> list[CandidateRecord]:
    """Rows of every candidate for ``keys`` (plain tuples, no ORM objects: this runs per keystroke)."""
    if not blocks(keys):
        return []
    connection = session.connection()
    sql, params = candidate_statement(keys)
    rows = connection.exec_driver_sql(sql, tuple(params)).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    in_sql, in_params = _in("person_id", ids)
    alias_rows = connection.exec_driver_sql(
        "SELECT person_id, given_name, family_name, given_norm, family_norm, given_phonetic, "
        f"family_phonetic, kind FROM person_aliases WHERE {in_sql} AND deleted = 0",
        tuple(in_params),
    )
    aliases: dict[str, list[AliasRecord]] = {}
    for person_id, *alias in alias_rows:
        aliases.setdefault(person_id, []).append(AliasRecord(*alias))
    out = []
    for row in rows:
        values = list(row)
        values[3] = _date(values[3])
        values[9:15] = [v or "" for v in values[9:15]]
        out.append(CandidateRecord(*values, aliases=tuple(aliases.get(row[0], ()))))  # type: ignore[misc]
    return out
