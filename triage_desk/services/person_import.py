"""Import persons from a CSV file (``triage-desk import persons FILE.csv``).

Columns (header row required, UTF-8, names case-insensitive):
  given_name, family_name          required columns (a row needs at least one of the two filled)
  date_of_birth                    DD/MM/YYYY, YYYY-MM-DD, or just the year
  sex, address, postcode, phone    optional
  nhs_number                       optional; checked with the modulus-11 rule
  external_ref                     optional; the key for re-imports: the same reference updates
                                   the existing person instead of adding a duplicate
  aliases                          optional; ';'-separated, each 'Given Family' or 'FAMILY, Given'

Rows that fail validation, or have more or fewer fields than the header, are written to
``FILE.rejects.csv`` with their row number and the reason, and the rest are imported. Problems with
the whole file (not UTF-8, missing or unknown columns) stop the import before anything is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from triage_desk.domain.errors import ValidationError
from triage_desk.domain.lookup_records import PersonInput
from triage_desk.domain.principal import Principal
from triage_desk.lookup.person_input import build_person_input, parse_aliases
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import AuditAction, AuditService
from triage_desk.storage import person_records
from triage_desk.storage.database import Database

REQUIRED = ("given_name", "family_name")
OPTIONAL = ("date_of_birth", "sex", "address", "postcode", "phone", "nhs_number", "external_ref", "aliases")
BATCH = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: int
    updated: int
    rejected: int
    rejects_file: Path | None


def rejects_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.rejects.csv")


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}).",
            hint="Save it from the spreadsheet as 'CSV UTF-8' and import again; nothing was imported.",
        ) from exc


def check_header(header: list[str], name: str) -> list[str]:
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            f"{name}: the header row lacks the column(s) {', '.join(missing)}.",
            hint=f"Expected columns: {', '.join(REQUIRED + OPTIONAL)}.",
        )
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise ValidationError(
            f"{name}: unknown column(s) {', '.join(unknown)} in the header row.",
            hint=f"Expected columns: {', '.join(REQUIRED + OPTIONAL)}.",
        )
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ValidationError(f"{name}: column(s) {', '.join(duplicated)} appear more than once.")
    return columns


def row_to_input(values: dict[str, str]) -> PersonInput:
    return build_person_input(
        given_name=values.get("given_name", ""),
        family_name=values.get("family_name", ""),
        date_of_birth=values.get("date_of_birth"),
        sex=values.get("sex"),
        address=values.get("address"),
        postcode=values.get("postcode"),
        phone=values.get("phone"),
        nhs=values.get("nhs_number"),
        external_ref=values.get("external_ref"),
        aliases=parse_aliases(values.get("aliases", "")),
    )


def import_persons(db: Database, path: Path, progress: Progress | None = None) -> ImportReport:
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(f"{path.name} is empty: a header row is needed.") from None
    except csv.Error as exc:
        raise ValidationError(f"{path.name}: the header row is not valid CSV ({exc}).") from exc
    columns = check_header(header, path.name)
    good: list[tuple[int, PersonInput]] = []
    rejects: list[tuple[int, str, list[str]]] = []
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rejects.append((reader.line_num, f"not valid CSV ({exc})", []))
            continue
        row = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank lines are not rows
        if len(fields) != len(columns):
            rejects.append((row, f"row has {len(fields)} fields but the header has {len(columns)}", fields))
            continue
        try:
            good.append((row, row_to_input(dict(zip(columns, fields, strict=True)))))
        except ValidationError as exc:
            rejects.append((row, str(exc), fields))
    created = updated = 0
    for start in range(0, len(good), BATCH):
        with db.session() as s:
            for _row, data in good[start : start + BATCH]:
                _id, was_created = person_records.upsert_by_external_ref(s, data, db.site_id)
                created += was_created
                updated += not was_created
        if progress:
            progress(min(start + BATCH, len(good)), len(good))
    out = rejects_path(path)
    if rejects:
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "reason", *header])
            writer.writerows([row, reason, *fields] for row, reason, fields in rejects)
    elif out.exists():
        out.unlink()  # a rejects file from an earlier run would now be misleading
    return ImportReport(len(good) + len(rejects), created, updated, len(rejects), out if rejects else None)


def import_persons_as(principal: Principal, audit: AuditService, db: Database, path: Path,
                      progress: Progress | None = None) -> ImportReport:
    """The import as a user does it: supervisors and admins only, and recorded in the audit log
    (counts only: the file's rows are people's identities)."""
    require(principal, Permission.IMPORT_PERSONS)
    report = import_persons(db, path, progress)
    audit.record(principal, AuditAction.IMPORT_PERSONS, detail={
        "rows": report.rows, "created": report.created, "updated": report.updated,
        "rejected": report.rejected,
    })
    return report
