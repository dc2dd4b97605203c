"""The header block of a job plan (name, role, band, hours, ...), found by label in any order.

A value sits to the right of its label, or below it when the right is empty. The same block
heads all three templates, so every reader uses this.
"""
from __future__ import annotations

from typing import Any

from .cells import Grid, normalise_label

# field -> the labels people give it, normalised (see cells.normalise_label)
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("name", "practitioner name", "name of practitioner", "staff name", "employee name",
             "full name", "name of employee", "practitioner"),
    "job_title": ("employed role", "job title", "role", "post", "job role", "designation", "post title"),
    "band": ("band", "afc band", "agenda for change band", "pay band", "grade", "banding"),
    "professional_group": ("professional group", "profession", "staff group", "professional background"),
    "team": ("team service", "team", "service", "team or service", "department", "team and service",
             "service team"),
    "contracted_hours": ("contracted hours per week", "contracted hours", "hours per week",
                         "weekly contracted hours", "contracted weekly hours", "hours", "contract hours",
                         "contracted hours per week hrs", "contracted hours a week"),
    "wte": ("wte", "fte", "whole time equivalent", "full time equivalent", "contracted wte"),
    "service_years": ("nhs service years", "nhs service", "reckonable nhs service", "years of nhs service",
                      "length of nhs service", "reckonable service years", "reckonable service",
                      "nhs service in years", "years nhs service"),
    "leave_days": ("annual leave entitlement days", "annual leave entitlement", "annual leave days",
                   "annual leave", "leave entitlement days", "leave entitlement", "annual leave entitlement in days"),
    # the job planning cycle's dates (calculator/checks.py _plan_date_checks)
    "start_date": ("job plan start date", "start date", "job plan start", "date job plan starts", "in effect from",
                   "effective from", "job plan effective from", "date effective"),
    "review_date": ("review date", "job plan review date", "next review date", "date of next review",
                    "next review", "review due", "review due date", "to be reviewed by"),
    "post_start": ("started in this post", "started in post", "date started in post", "start date in post",
                   "date of appointment", "in post since", "date appointed", "date started", "start date in role"),
    # read so their values are never mistaken for another field's; not used in the arithmetic
    "place_of_work": ("principal place of work", "place of work", "base", "location of work"),
    "manager": ("pcn practice manager", "line manager", "manager", "practice manager"),
    "supervisor": ("educational supervisor", "clinical supervisor", "supervisor"),
    "scope": ("scope of practice",),
    "date_agreed": ("date agreed", "date of agreement", "date signed off", "sign off date", "date of sign off",
                    "job plan agreed", "agreed on", "date job plan agreed"),
}

_LABEL_TO_FIELD = {label: name for name, labels in HEADER_LABELS.items() for label in labels}

# how far right of its label a value may sit (merged label cells push it a few columns)
_RIGHT_REACH = 6
_LONGEST_VALUE_BELOW = 60


def is_header_label(value: Any) -> bool:
    return normalise_label(value) in _LABEL_TO_FIELD


def read_header(grid: Grid, taken: set[tuple[int, int]]) -> tuple[dict[str, tuple[Any, str]], dict[str, str]]:
    """field -> (value, cell address) for each header field filled in, and field -> label cell for those left
    empty (the cell right of the label); ``taken`` cells (table headings) are not labels.

    The first label found for a field wins; a label with nothing beside or below it is skipped
    so a later one (say, a second "Name" box) can still be read.
    """
    found: dict[str, tuple[Any, str]] = {}
    empty: dict[str, str] = {}
    for row, col, value in grid.cells():
        if (row, col) in taken:
            continue
        name = _LABEL_TO_FIELD.get(normalise_label(value))
        if name is None or name in found:
            continue
        spot = _value_beside(grid, row, col, taken)
        if spot is not None:
            found[name] = (grid.get(*spot), grid.where(*spot))
        else:
            empty.setdefault(name, grid.where(row, grid.last_column(row, col) + 1))
    # an empty field still has a place a finding can point to: where its value goes, right of the label
    return found, {name: cell for name, cell in empty.items() if name not in found}


def _value_beside(grid: Grid, row: int, col: int, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    for c in range(col + 1, col + 1 + _RIGHT_REACH):
        value = grid.get(row, c)
        if value is None:
            continue
        if is_header_label(value) or (row, c) in taken or _looks_like_label(value):
            break  # the next label on the row: this one's value is empty
        return row, c
    below = grid.get(row + 1, col)
    # a long sentence below an empty label is the next part of the form, not its value
    if (below is not None and not is_header_label(below) and (row + 1, col) not in taken
            and not _looks_like_label(below) and len(str(below)) <= _LONGEST_VALUE_BELOW):
        return row + 1, col
    return None


def _looks_like_label(value: Any) -> bool:
    """Text ending in a colon ("Review date:") is another label, not a value."""
    return isinstance(value, str) and value.rstrip().endswith(":")
