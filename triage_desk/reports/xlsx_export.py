"""XLSX export with xlsxwriter: a DEMO DATA sheet first on demo databases, then Summary, s136 ADR,
Data quality and Contacts (one row per contact). On a demo database every sheet also prints
DEMO DATA in its page header and has a red tab, so a sheet printed or copied on its own still
says so.

``constant_memory`` mode streams each row to disk as it is written, so a year of contacts does
not sit in memory; it requires writing each sheet top to bottom, which this does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import xlsxwriter

from triage_desk.reports.summary import ShiftSummary
from triage_desk.reports.tabular import DEMO_BANNER, SUMMARY_COLUMNS, summary_rows, title_lines


def write_xlsx(
    path: Path,
    summary: ShiftSummary,
    columns: tuple[str, ...],
    rows: Iterable[dict[str, str]],
    *,
    identifiable: bool,
) -> list[Path]:
    tmp = path.with_name(path.name + ".part")
    try:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False})
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        warn = book.add_format({"bold": True, "font_color": "#B00020", "font_size": 14})
        lines = title_lines(summary, identifiable=identifiable)
        if summary.is_demo:
            demo = book.add_worksheet("DEMO DATA")
            demo.write(0, 0, DEMO_BANNER, warn)
            demo.write(1, 0, "Every figure and row in this workbook comes from generated demo data.")

        sheet = book.add_worksheet("Summary")
        demo_sheets = [sheet]
        sheet.set_column(0, 0, 38)
        sheet.set_column(2, 2, 60)
        for i, line in enumerate(lines):
            sheet.write(i, 0, line, warn if line == DEMO_BANNER else title if i == 0 else None)
        start = len(lines) + 1
        sheet.write_row(start, 0, SUMMARY_COLUMNS, bold)
        all_rows = summary_rows(summary)
        body = [r for r in all_rows if not r[0].startswith(("s136 ", "Data quality"))]
        for i, (section, code, text, value) in enumerate(body, start + 1):
            sheet.write_row(i, 0, (section, code, text))
            if _is_number(value):
                sheet.write_number(i, 3, float(value))
            else:
                sheet.write(i, 3, value)

        adr = book.add_worksheet("s136 ADR")
        demo_sheets.append(adr)
        adr.set_column(0, 0, 40)
        adr.set_column(2, 2, 60)
        adr.write_row(0, 0, SUMMARY_COLUMNS, bold)
        for i, row in enumerate((r for r in all_rows if r[0].startswith("s136 ")), 1):
            adr.write_row(i, 0, row[:3])
            adr.write_number(i, 3, int(row[3]))

        dq = book.add_worksheet("Data quality")
        demo_sheets.append(dq)
        dq.write_row(0, 0, ("problem", "contact_id"), bold)
        for i, (problem, cid) in enumerate(summary.data_quality.items(), 1):
            dq.write_row(i, 0, (problem, cid))

        contacts = book.add_worksheet("Contacts")
        demo_sheets.append(contacts)
        if summary.is_demo:
            for each in demo_sheets:
                each.set_header(f'&C&"-,Bold"{DEMO_BANNER}')
                each.set_tab_color("#B00020")
        contacts.write_row(0, 0, columns, bold)
        for i, row in enumerate(rows, 1):
            # Strings throughout: ids and codes like "02" must not turn into numbers.
            contacts.write_row(i, 0, [row.get(c, "") for c in columns])
        book.close()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return [path]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
