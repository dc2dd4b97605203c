"""Hours actually delivered, which a manager may put beside the job plans: delivered.csv or delivered.xlsx.

The file has a heading row with "Name" and "Delivered hours" (hours a week actually delivered,
averaged over the period the manager reviews, e.g. from e-rostering), then one row per person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TextParseError
from ..model import Finding
from ..text import parse_amount
from .cells import label_starts
from .side_files import MAX_LISTED, find_side_file, table_rows

DELIVERED_NAMES = ("delivered.csv", "delivered.xlsx")


@dataclass
class Delivered:
    """Delivered hours a week by person, and where each was read (file, row)."""

    file: str
    hours: dict[str, tuple[float, int, str]] = field(default_factory=dict)  # name key -> (hours, row, name)
    findings: list[Finding] = field(default_factory=list)


def name_key(name: str) -> str:
    """The same person however their name is spaced or capitalised."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def find_delivered(folder: Path) -> Path | None:
    return find_side_file(folder, DELIVERED_NAMES)


def read_delivered(path: Path) -> Delivered:
    """Rows of the delivered-hours file; bad rows become findings naming their row."""
    result = Delivered(path.name)
    sheet, rows = table_rows(path)
    header = next((i for i, row in enumerate(rows) if any(label_starts(v, "name") for v in row)), None)
    if header is None:
        result.findings.append(Finding(path.name, sheet, "", "warning", "No heading row with 'Name' and "
                                       "'Delivered hours' was found, so no delivered hours were read.",
                                       "Put the headings Name and Delivered hours in the first row."))
        return result
    name_col = next(i for i, v in enumerate(rows[header]) if label_starts(v, "name"))
    hours_col = next((i for i, v in enumerate(rows[header]) if label_starts(v, "delivered", "delivered hours")), None)
    if hours_col is None:
        result.findings.append(Finding(path.name, sheet, "", "warning", "There is no 'Delivered hours' column.",
                                       "Add a column headed Delivered hours."))
        return result
    bad_rows: list[tuple[int, str, str]] = []
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        name = str(row[name_col]).strip() if name_col < len(row) and row[name_col] not in (None, "") else ""
        value = row[hours_col] if hours_col < len(row) else None
        if not name and value in (None, ""):
            continue
        try:
            hours = parse_amount(value).value
        except TextParseError as exc:
            bad_rows.append((number, name, str(exc)))
            continue
        key = name_key(name)
        if key in result.hours:
            earlier = result.hours[key][1]
            result.findings.append(Finding(path.name, sheet, f"row {number}", "warning",
                                           f"Delivered hours for {name} are given twice (rows {earlier} and {number}); "
                                           f"row {number}'s are used.",
                                           "Keep one row per person in the delivered hours file."))
        result.hours[key] = (hours, number, name)
    if len(bad_rows) > MAX_LISTED:
        shown = "; ".join(f"row {n} ({name or 'no name'})" for n, name, _ in bad_rows[:5])
        result.findings.append(Finding(path.name, sheet, f"row {bad_rows[0][0]}", "warning",
                                       f"{len(bad_rows):,} rows give delivered hours jobplan cannot read as a number, "
                                       f"e.g. {shown}.", "Type the hours a week delivered as a number."))
    else:
        result.findings.extend(Finding(path.name, sheet, f"row {number}", "warning",
                                       f"Delivered hours for {name or 'a row with no name'}: {why}",
                                       "Type the hours a week delivered as a number.")
                               for number, name, why in bad_rows)
    return result
