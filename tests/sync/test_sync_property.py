"""Property: whatever desks do offline and in whatever order they sync, after everyone syncs twice
all replicas hold the same records, each signed contact exists once, and every same-field concurrent
edit is a recorded conflict rather than a silent overwrite."""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.sync.desk_ops import (
    add_warning,
    amend,
    create_person,
    desk_dump,
    edit_person,
    hub_dump,
    sign_contact,
)
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, Person
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.hub_schema import conflicts

DESKS = 3
FIELDS = ("given_name", "phone", "postcode")
desk = st.integers(0, DESKS - 1)
pick = st.integers(0, 3)  # few records, so desks often touch the same one
operation = st.one_of(
    st.tuples(st.just("create"), desk),
    st.tuples(st.just("edit"), desk, pick, st.sampled_from(FIELDS)),
    st.tuples(st.just("edit"), desk, pick, st.sampled_from(FIELDS)),
    st.tuples(st.just("warn"), desk, pick),
    st.tuples(st.just("sign"), desk, pick),
    st.tuples(st.just("amend"), desk, pick),
    st.tuples(st.just("sync"), desk),
    st.tuples(st.just("sync"), desk),
)


def _ids(db: Database, model) -> list[str]:  # type: ignore[no-untyped-def]
    with db.reader() as s:
        stmt = select(model.id).order_by(model.id)
        if model is Contact:
            stmt = stmt.where(Contact.status == "signed")
        return list(s.scalars(stmt))


def _run(ops: list[tuple], hub: str, root: Path) -> None:
    desks = [Database.open(root / f"desk{i}.db") for i in range(DESKS)]
    values = itertools.count()
    edits: list[tuple[int, str, str, object, str]] = []  # desk, person, field, base value, new value
    signed = 0
    try:
        # Start from shared records, as desks of one team do; concurrent edits then happen often.
        for _ in range(2):
            create_person(desks[0], "Shared", "Person")
        for db in desks:
            sync_once(db, hub)
        for op in ops:
            db = desks[op[1]]
            people = _ids(db, Person)
            if op[0] == "create":
                create_person(db, "New", "Person")
            elif op[0] == "sync":
                sync_once(db, hub)
            elif not people:
                continue
            elif op[0] == "edit":
                pid, field = people[op[2] % len(people)], op[3]
                with db.reader() as s:
                    base = getattr(s.get(Person, pid), field)
                new = f"v{next(values)}"
                edit_person(db, pid, **{field: new})
                edits.append((op[1], pid, field, base, new))
            elif op[0] == "warn":
                add_warning(db, people[op[2] % len(people)])
            elif op[0] == "sign":
                sign_contact(db, people[op[2] % len(people)])
                signed += 1
            elif op[0] == "amend" and (contacts := _ids(db, Contact)):
                amend(db, contacts[op[2] % len(contacts)])
        for db in desks + desks:
            sync_once(db, hub)

        reference = hub_dump(hub)
        for db in desks:
            assert desk_dump(db) == reference
        contact_ids = [json.loads(line)["row"]["id"] for line in reference if '"table":"contacts"' in line]
        assert len(contact_ids) == len(set(contact_ids)) == signed

        h = HubConnection.open(hub)
        with h.engine.connect() as conn:
            recorded = {
                (rid, field)
                for rid, f in conn.execute(select(conflicts.c.record_id, conflicts.c.fields))
                for field in json.loads(f)
            }
        h.close()
        for (d1, p1, f1, b1, _), (d2, p2, f2, b2, _) in itertools.combinations(edits, 2):
            if d1 != d2 and p1 == p2 and f1 == f2 and b1 == b2:
                assert (p1, f1) in recorded, f"concurrent edits of {f1} on {p1} were not kept as a conflict"
    finally:
        for db in desks:
            db.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=3, max_size=22))
def test_desks_converge_and_keep_every_concurrent_edit(new_hub, ops):
    with tempfile.TemporaryDirectory() as root:
        _run(ops, new_hub(), Path(root))
