"""What the service needs, which a manager may put beside the job plans: demand.csv or demand.xlsx.

The BAPO guide speaks of "capacity (in clinical hours) versus the demand (in hours)". One row per team
(or professional group) under a heading row:

    Team,Demand DCC hours a week
    Riverside PCN,80

or, where demand is counted in patients, the contacts a week and the contacts one DCC hour covers:

    Professional group,Patient contacts a week,Contacts per DCC hour
    Nursing,120,1.5

The first column's heading says what the names are: a team ("Team", "Service"), a professional group
("Professional group", "Profession", "Staff group"), or either ("Team or group"), matched to the
plans' "Team / service" and "Professional group" boxes ignoring case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TextParseError
from ..model import Finding
from ..text import parse_amount
from .cells import label_starts
from .side_files import find_side_file, table_rows

DEMAND_NAMES = ("demand.csv", "demand.xlsx")
# what the first column's heading may say, and what its names are matched to
NAME_HEADINGS = {
    "either": ("team or group", "team or professional group", "team group", "team or service"),
    "team": ("team", "service", "team service", "team and service"),
    "group": ("professional group", "profession", "staff group", "group"),
}
# the rate comes first: "contacts per DCC hour" also starts with "contacts"
VALUE_HEADINGS = {
    "per_hour": ("contacts per dcc hour", "contacts per hour", "patient contacts per dcc hour",
                 "patients per dcc hour", "per dcc hour"),
    "contacts": ("patient contacts", "contacts", "demand contacts", "demand patient contacts", "patients a week",
                 "demand patients"),
    "hours": ("demand dcc hours", "demand in dcc hours", "dcc hours", "demand hours", "demand"),
}


@dataclass
class DemandRow:
    """One team's or group's demand, in DCC hours a week or in contacts a week at so many per DCC hour."""

    name: str
    by: str  # "team", "group" or "either"
    row: int
    hours: float | None = None
    contacts: float | None = None
    per_hour: float | None = None

    @property
    def dcc_hours(self) -> float:
        """Demand in DCC hours a week."""
        return self.hours if self.hours is not None else self.contacts / self.per_hour


@dataclass
class Demand:
    file: str
    sheet: str = ""
    rows: list[DemandRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def find_demand(folder: Path) -> Path | None:
    return find_side_file(folder, DEMAND_NAMES)


def read_demand(path: Path) -> Demand:
    """Rows of the demand file; a row that cannot be used becomes a finding naming it."""
    sheet, rows = table_rows(path)
    result = Demand(path.name, sheet)

    def note(cell: str, message: str, action: str) -> None:
        result.findings.append(Finding(path.name, result.sheet, cell, "warning", message, action))

    header, by = None, None
    for i, row in enumerate(rows):
        first = row[0] if row else None
        by = next((kind for kind, words in NAME_HEADINGS.items() if label_starts(first, *words)), None)
        if by:
            header = i
            break
    if header is None:
        note("", "No heading row starting with 'Team' or 'Professional group' was found, so no demand was read.",
             "Put the headings Team (or Professional group) and Demand DCC hours a week in the first row.")
        return result
    columns: dict[str, int] = {}
    for col, value in enumerate(rows[header][1:], start=1):
        for key, words in VALUE_HEADINGS.items():
            if key not in columns and label_starts(value, *words):
                columns[key] = col
                break
    if "hours" not in columns and "contacts" not in columns:
        note("A1", "There is no 'Demand DCC hours a week' or 'Patient contacts a week' column.",
             "Add a column headed Demand DCC hours a week, or Patient contacts a week and Contacts per DCC hour.")
        return result
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        name = str(row[0]).strip() if row and row[0] not in (None, "") else ""
        figures: dict[str, float | None] = {}
        for key, col in columns.items():
            value = row[col] if col < len(row) else None
            if value in (None, ""):
                figures[key] = None
                continue
            try:
                figures[key] = parse_amount(value).value
            except TextParseError as exc:
                note(f"row {number}", f"Demand for {name or 'a row with no name'}: {exc}", "Type a number.")
                figures[key] = None
        if not name:
            if any(v is not None for v in figures.values()):
                note(f"row {number}", "A demand row has figures but no team or group name; it is not used.",
                     "Type the team or professional group in the first column.")
            continue
        demand = DemandRow(name, by, number, figures.get("hours"), figures.get("contacts"), figures.get("per_hour"))
        if demand.hours is None:
            if demand.contacts is None:
                note(f"row {number}", f"The demand for {name} is empty.", "Type the demand, or remove the row.")
                continue
            if not demand.per_hour:
                note(f"row {number}", f"The demand for {name} is {demand.contacts:g} contacts a week, but no contacts "
                     "per DCC hour are given to turn them into hours.",
                     "Add a Contacts per DCC hour column, or give the demand in DCC hours a week.")
                continue
        result.rows.append(demand)
    return result
