"""Hours actually delivered, which a manager may put beside the job plans: delivered.csv or delivered.xlsx.

The file has a heading row with "Name" and "Delivered hours" (hours a week actually delivered,
averaged over the period the manager reviews, e.g. from e-rostering), then one row per person.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TextParseError
from ..model import Finding
from ..text import parse_amount
from .cells import label_starts
from .workbook import load_grids

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
    for name in DELIVERED_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_delivered(path: Path) -> Delivered:
    """Rows of the delivered-hours file; bad rows become findings naming their row."""
    result = Delivered(path.name)
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path)
        sheet = ""
    else:
        grid = load_grids(path)[0]
        rows = [[grid.get(r, c) for c in range(1, 11)] for r in range(1, grid.max_row + 1)]
        sheet = grid.sheet
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


# more problems of one kind than this become one finding that counts them: 100,000 rows would bury the rest
MAX_LISTED = 20
MAX_CSV_BYTES = 64 << 20  # a row per person: a trust's whole workforce is a few MB


def _csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV as Excel and other programs save it: UTF-8 (with or without a BOM), UTF-16, or
    Windows-1252 (Excel's "CSV" on Windows), separated by commas, semicolons (Excel where the decimal mark
    is a comma) or tabs."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"the file is over {MAX_CSV_BYTES >> 20} MB, far more than a row per person needs")
    text = _decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max((",", ";", "\t"), key=first.count) if first else ","
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator)]


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw[1:200:2].count(0) > len(raw[1:200:2]) // 2:  # UTF-16 without its mark: every other byte 0
        return raw.decode("utf-16-le", errors="replace")
    if raw[0:200:2].count(0) > len(raw[0:200:2]) // 2:
        return raw.decode("utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # every byte but five is a character in it
