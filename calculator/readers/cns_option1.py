"""Cancer CNS job plan, Option 1 (Wessex guide Figure 1): a typical week, weekdays by AM / PM.

method.md §4: each cell lists activities one per line. A line may carry its own hours "(1.5h)",
"(90 min)", a share "(40%)" or a category tag "[SPA]"; lines without their own time share the
rest of the session equally. Untagged lines take their category from the activity dictionary,
and a line it does not know is reported, never guessed. The "Daily and when required" row
counts only lines that give their weekly hours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import TextParseError
from ..model import Category, JobPlan
from ..params import Params
from ..text import parse_hours, parse_time_range
from .cells import Grid, coordinate, normalise_label
from .common import (
    SIGN_OFF_COLUMNS,
    PlanReader,
    Table,
    is_sign_off_heading,
    match_columns,
    set_extents,
)

TEMPLATE = "CNS Option 1"

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ROW_KINDS = {"am": "AM", "morning": "AM", "pm": "PM", "afternoon": "PM", "daily": "daily"}

_TAG = re.compile(r"\[\s*(DCC|SPA|ANR|ED)\s*\]", re.IGNORECASE)
_SHARE = re.compile(r"\(\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*%\s*\)")
_PER_DAY = re.compile(r"\b(?:per|a|each)\s+day\b|/\s*day\b", re.IGNORECASE)
_BULLET = re.compile(r"^[\s•·*▪◦‣–—-]+")
_TIME_NOTE = re.compile(r"\(\s*[^()]*?(?:h|hr|hrs|hour|hours|min|mins|minutes|%)\s*(?:/\s*(?:week|wk|day))?\s*\)",
                        re.IGNORECASE)


@dataclass
class Line:
    """One activity line of a grid cell, with what it says about its own time."""

    text: str
    name: str
    cell: str
    tag: Category | None
    hours: float | None
    share: float | None


def find_tables(grid: Grid) -> list[Table]:
    """The tables of this template in the sheet (found once per sheet)."""
    if "cns_option1" not in grid.memo:
        grid.memo["cns_option1"] = _find_tables(grid)
    return grid.memo["cns_option1"]


def _find_tables(grid: Grid) -> list[Table]:
    """The week grid (a heading row of weekdays with AM / PM rows beneath) and sign-off tables."""
    tables = []
    for row in grid.row_numbers():
        days = {col: WEEKDAYS[normalise_label(v)] for col, v in grid.row_cells(row)
                if normalise_label(v) in WEEKDAYS}
        if len(days) >= 3 and _has_half_rows(grid, row, min(days)):
            tables.append(Table(row, {f"day{d}": c for c, d in days.items()}, "week"))
        elif is_sign_off_heading(grid, row):
            tables.append(Table(row, match_columns(grid, row, SIGN_OFF_COLUMNS), "sign-off"))
    set_extents(tables, [], grid.max_row)
    return tables


def _row_kind(grid: Grid, row: int, first_day_col: int) -> str | None:
    """'AM', 'PM' or 'daily' from the row's label, the last text left of the weekday columns."""
    labels = [v for c, v in grid.row_cells(row) if c < first_day_col]
    if not labels:
        return None
    words = normalise_label(labels[-1]).split()
    return ROW_KINDS.get(words[0]) if words else None


def _has_half_rows(grid: Grid, header_row: int, first_day_col: int) -> bool:
    return any(_row_kind(grid, r, first_day_col) in ("AM", "PM") for r in range(header_row + 1, header_row + 4))


def is_cns_option1(grid: Grid) -> bool:
    return any(t.kind == "week" for t in find_tables(grid))


class Option1Reader(PlanReader):
    """Reads one sheet holding a Figure 1 typical-week grid."""

    template = TEMPLATE

    find_tables = staticmethod(find_tables)

    def read_body(self) -> None:
        self._read_week(next(t for t in self.tables if t.kind == "week"))

    def _read_week(self, table: Table) -> None:
        day_cols = {col: int(key[3:]) for key, col in table.columns.items()}
        first = min(day_cols)
        session_cells: dict[tuple[int, str], list[tuple[int, int]]] = {}
        session_hours: dict[str, tuple[float, str]] = {}
        kind = None
        for row in range(table.first_row, table.last_row + 1):
            labelled = _row_kind(self.grid, row, first)
            has_label = any(c < first for c, _ in self.grid.row_cells(row))
            if labelled is None and has_label:
                break  # a row that is not part of the grid
            kind = labelled or kind  # an unlabelled row continues the one above
            if kind is None:
                continue
            if kind in ("AM", "PM") and kind not in session_hours:
                session_hours[kind] = self._session_hours(row, first)
            for col, day in day_cols.items():
                if self.grid.get(row, col) is not None:
                    session_cells.setdefault((day, kind), []).append((row, col))
        sessions = 0
        for (day, kind), cells in sorted(session_cells.items()):
            lines = [line for row, col in cells for line in self._lines(row, col)]
            if kind == "daily":
                self._read_daily(lines)
            elif lines:
                sessions += 1
                hours, how = session_hours[kind]
                self._read_session(f"{DAY_NAMES[day]} {kind}", lines, hours, how)
        self.plan.sessions = float(sessions)
        self.plan.timetable_hours = sum(
            session_hours[kind][0] for (day, kind), cells in session_cells.items() if kind != "daily")

    def _session_hours(self, row: int, first_day_col: int) -> tuple[float, str]:
        """A session's length from times in its row label ("AM 09:00-12:45"), else one session."""
        session = self.params.session_hours
        for col, value in self.grid.row_cells(row):
            if col >= first_day_col:
                break
            try:
                hours = parse_time_range(value)
            except TextParseError:
                hours = None
            if hours is not None:
                return hours, f"session of {hours:g} h ({coordinate(row, col)})"
        return session, f"session of {session:g} h"

    def _lines(self, row: int, col: int) -> list[Line]:
        cell = coordinate(row, col)
        lines = []
        for raw in str(self.grid.get(row, col)).splitlines():
            text = _BULLET.sub("", raw).strip()
            if not text:
                continue
            tag = _TAG.search(text)
            share = _SHARE.search(text)
            try:
                hours = parse_hours(text)
            except TextParseError as exc:
                self.note("warning", cell, f"'{text}': {exc} It shares the session's time instead.",
                          "Give one time for the line, e.g. (1.5h).")
                hours = None
            if hours is not None and _PER_DAY.search(text):
                hours *= 5
            name = _TIME_NOTE.sub("", _TAG.sub("", text)).strip(" ,;:-–") or text
            lines.append(Line(text, name, cell, tag.group(1).upper() if tag else None, hours,
                              float(share.group(1)) / 100 if share and hours is None else None))
        return lines

    def _category(self, line: Line) -> tuple[Category, str | None, str] | None:
        """Category, pillar and name from the tag or the dictionary; None (reported) when neither knows it."""
        known = self.dictionary.match(line.name)
        if line.tag:
            return line.tag, known.pillar if known and known.category == line.tag else None, line.name
        if known:
            return known.category, known.pillar, line.name
        return None

    def _unrecognised(self, line: Line, hours: float) -> None:
        lost = f"; its {hours:.2f} h a week are left out of the totals" if hours else ""
        self.note("warning", line.cell, f"'{line.name}' is not an activity jobplan recognises{lost}.",
                  "Tag the line with its category, e.g. '[SPA]', or add the activity to the trust's dictionary "
                  "(jobplan.toml, [activities]).")

    def _read_session(self, label: str, lines: list[Line], session: float, how: str) -> None:
        timed = sum(line.hours or 0 for line in lines) + sum((line.share or 0) * session for line in lines)
        untimed = [line for line in lines if line.hours is None and line.share is None]
        if timed > session + 1e-9:
            self.note("warning", lines[0].cell, f"{label}: the lines give {timed:g} h, more than the session's "
                      f"{session:g} h.", "Check the times written on the lines of this cell.")
        rest = max(session - timed, 0.0) / len(untimed) if untimed else 0.0
        for line in lines:
            if line.hours is not None:
                hours, note = line.hours, f"{line.hours:g} h written on the line"
            elif line.share is not None:
                hours, note = line.share * session, f"{line.share:.0%} of the {how}"
            else:
                hours, note = rest, f"{how}, shared by {len(untimed)} line(s) without a time"
            found = self._category(line)
            if found is None:
                self._unrecognised(line, hours)
                continue
            category, pillar, name = found
            self.add_line(f"{label}: {name}", category, hours, line.cell, note, pillar)

    def _read_daily(self, lines: list[Line]) -> None:
        for line in lines:
            if line.hours is None:
                self.note("info", line.cell, f"'{line.name}' in the 'Daily and when required' row gives no weekly "
                          "hours, so it is not counted.", "Add its hours a week to the line, e.g. (3h).")
                continue
            found = self._category(line)
            if found is None:
                self._unrecognised(line, line.hours)
                continue
            category, pillar, name = found
            self.add_line(f"Daily and when required: {name}", category, line.hours, line.cell,
                          f"{line.hours:g} h a week written on the line", pillar)


def read_cns_option1(grid: Grid, file: str, params: Params) -> JobPlan:
    """The job plan in one Figure 1 sheet (``is_cns_option1(grid)`` must be true)."""
    return Option1Reader(grid, file, params).read()
