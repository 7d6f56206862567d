"""CSV export: ``<name>.csv`` with one row per contact and ``<name>.summary.csv`` with the tables.

Two files because a CSV holds one table; a spreadsheet user opens either. Both start with the
title lines as ``#`` comments (the first of them is the DEMO DATA banner on a demo database), so
nobody can mistake what they hold. The file is written to a temporary name and renamed at the
end, so a cancelled or failed export never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from triage_desk.reports.summary import ShiftSummary
from triage_desk.reports.tabular import SUMMARY_COLUMNS, summary_rows, title_lines


def summary_path(path: Path) -> Path:
    return path.with_name(path.stem + ".summary" + (path.suffix or ".csv"))


def _write(path: Path, comments: list[str], header: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel then reads UTF-8
            for line in comments:
                fh.write(f"# {line}\r\n")
            writer = csv.writer(fh)
            writer.writerow(list(header))
            writer.writerows(rows)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(
    path: Path,
    summary: ShiftSummary,
    columns: tuple[str, ...],
    rows: Iterable[dict[str, str]],
    *,
    identifiable: bool,
) -> list[Path]:
    comments = title_lines(summary, identifiable=identifiable)
    _write(path, comments, columns, ([r.get(c, "") for c in columns] for r in rows))
    second = summary_path(path)
    _write(second, comments, SUMMARY_COLUMNS, summary_rows(summary))
    return [path, second]
