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
from ..text import is_not_working, parse_hours, parse_time_range
from .cells import Grid, normalise_label
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

# "[AR]" is the BAPO guide's name for ANR (Additional Responsibilities)
_TAG = re.compile(r"\[\s*(DCC|SPA|ANR|AR|ED)\s*\]", re.IGNORECASE)
_TAG_CATEGORY = {"DCC": "DCC", "SPA": "SPA", "ANR": "ANR", "AR": "ANR", "ED": "ED"}
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
    """The week grid and sign-off tables. The week is looked for as the guide prints it (days across the
    top) and then in the sheet's transposed view (days down the side), so one reading serves both."""
    tables = [Table(row, match_columns(grid, row, SIGN_OFF_COLUMNS), "sign-off")
              for row in grid.row_numbers() if is_sign_off_heading(grid, row)]
    set_extents(tables, [], grid.max_row)
    for view in (grid, grid.transposed()):
        week = _find_week(view)
        if week is not None:
            landmarks = [] if view.is_transposed else [t.header_row for t in tables]
            set_extents([week], landmarks, view.max_row)
            week.transposed = view.is_transposed
            return [week, *tables]
    return tables


def _find_week(view: Grid) -> Table | None:
    """A line of weekdays with the sessions beside it: AM / PM lines beneath (the guide's figure), or AM / PM
    columns under each day. Columns keyed "day0".."day6"; "day0:AM" for a half-day column; "daily" for a
    "Daily and when required" column among the days."""
    for row in view.row_numbers():
        cells = view.row_cells(row)
        days = {col: WEEKDAYS[normalise_label(v)] for col, v in cells if normalise_label(v) in WEEKDAYS}
        if len(days) < 3:
            continue
        first = min(days)
        columns = {f"day{day}": col for col, day in sorted(days.items(), reverse=True)}
        daily = [col for col, value in cells if col > first and _kind_of(value) == "daily"]
        if daily:
            columns["daily"] = daily[0]
        if _has_half_rows(view, row, first):
            return Table(row, columns, "week")
        halves = _half_columns(view, row, days)
        if halves:
            halves_row, found = halves
            found.update({"daily": columns["daily"]} if "daily" in columns else {})
            return Table(halves_row, found, "week")
    return None


def _kind_of(value) -> str | None:
    """'AM', 'PM' or 'daily' from a label ("AM", "Morning 09:00-12:45", "Daily and when required")."""
    words = normalise_label(value).split()
    if words and words[0] == "when" and words[1:2] == ["required"]:
        return "daily"
    return ROW_KINDS.get(words[0]) if words else None


def _half_columns(view: Grid, days_row: int, days: dict[int, int]) -> tuple[int, dict[str, int]] | None:
    """AM / PM columns under each day (a day's heading merged over its two halves): the halves row and
    "day0:AM"-style columns, each half taking the day whose heading is at or left of it."""
    first = min(days)
    for row in range(days_row + 1, days_row + 3):
        halves = {col: _kind_of(v) for col, v in view.row_cells(row) if col >= first}
        halves = {col: kind for col, kind in halves.items() if kind in ("AM", "PM")}
        if len(halves) < 3:
            continue
        found = {}
        for col, kind in halves.items():
            day_col = max((c for c in days if c <= col), default=None)
            if day_col is not None:
                found.setdefault(f"day{days[day_col]}:{kind}", col)
        return row, found
    return None


def _row_kind(grid: Grid, row: int, first_day_col: int) -> str | None:
    """'AM', 'PM' or 'daily' from the row's label, the last text left of the weekday columns."""
    labels = [v for c, v in grid.row_cells(row) if c < first_day_col]
    return _kind_of(labels[-1]) if labels else None


def _has_half_rows(grid: Grid, header_row: int, first_day_col: int) -> bool:
    return any(_row_kind(grid, r, first_day_col) in ("AM", "PM") for r in range(header_row + 1, header_row + 4))


def is_cns_option1(grid: Grid) -> bool:
    return any(t.kind == "week" for t in find_tables(grid))


class Option1Reader(PlanReader):
    """Reads one sheet holding a Figure 1 typical-week grid."""

    template = TEMPLATE

    find_tables = staticmethod(find_tables)

    def read_body(self) -> None:
        week = next(t for t in self.tables if t.kind == "week")
        self.view = self.grid.transposed() if week.transposed else self.grid
        self._read_week(week)

    def _read_week(self, table: Table) -> None:
        """Each day's AM and PM cells and the daily lines, in whichever way round the grid is laid out.

        A value merged over several cells (a whole day over its AM and PM) belongs to each of them.
        """
        view = self.view
        day_cols: dict[int, int] = {}
        half_cols: dict[int, tuple[int, str]] = {}
        for key, col in table.columns.items():
            if key.startswith("day"):
                day, _, half = key[3:].partition(":")
                if half:
                    half_cols[col] = (int(day), half)
                else:
                    day_cols[col] = int(day)
        daily_col = table.columns.get("daily")
        first = min([*day_cols, *half_cols])
        session_cells: dict[tuple[int, str], list[tuple[int, int]]] = {}
        session_hours: dict[tuple[int, str], tuple[float, str]] = {}

        def take(key: tuple[int, str], row: int, col: int) -> None:
            # a merged value is read once for each session it covers, from its own (top-left) cell
            if view.covering(row, col) is not None:
                cells = session_cells.setdefault(key, [])
                if view.anchor(row, col) not in cells:
                    cells.append(view.anchor(row, col))

        for col, (day, half) in half_cols.items():
            session_hours[(day, half)] = self._session_hours_in(table.header_row, col)
        kind = None
        for row in range(table.first_row, table.last_row + 1):
            labelled = _row_kind(view, row, first)
            has_label = any(c < first for c, _ in view.row_cells(row))
            if half_cols:
                if labelled == "daily":
                    for col in sorted({*half_cols, *day_cols}):
                        take((7, "daily"), row, col)
                    continue
                for col, key in half_cols.items():
                    take(key, row, col)
            else:
                if labelled is None and has_label:
                    break  # a row that is not part of the grid
                kind = labelled or kind  # an unlabelled row continues the one above
                if kind is None:
                    continue
                if kind in ("AM", "PM"):
                    hours = self._session_hours(row, first)
                    for day in day_cols.values():
                        session_hours.setdefault((day, kind), hours)
                for col, day in day_cols.items():
                    take((day, kind), row, col)
            if daily_col is not None:
                take((7, "daily"), row, daily_col)
        sessions = 0
        planned = 0.0
        for (day, kind), cells in sorted(session_cells.items()):
            lines = [line for row, col in cells for line in self._lines(row, col)]
            if kind == "daily":
                self._read_daily(lines)
            elif lines:
                sessions += 1
                hours, how = session_hours[(day, kind)]
                planned += hours
                self._read_session(f"{DAY_NAMES[day]} {kind}", lines, hours, how)
        self.plan.sessions = float(sessions)
        self.plan.timetable_hours = planned

    def _session_hours_in(self, row: int, col: int) -> tuple[float, str]:
        """A session's length from times in its heading ("AM 09:00-12:45"), else one session."""
        try:
            hours = parse_time_range(self.view.get(row, col))
        except TextParseError:
            hours = None
        if hours is not None:
            return hours, f"session of {hours:g} h ({self.view.where(row, col)})"
        return self.params.session_hours, f"session of {self.params.session_hours:g} h"

    def _session_hours(self, row: int, first_day_col: int) -> tuple[float, str]:
        """A session's length from times in its row label ("AM 09:00-12:45"), else one session."""
        for col, _value in self.view.row_cells(row):
            if col >= first_day_col:
                break
            found = self._session_hours_in(row, col)
            if found[1].endswith(")"):
                return found
        return self.params.session_hours, f"session of {self.params.session_hours:g} h"

    def _lines(self, row: int, col: int) -> list[Line]:
        cell = self.view.where(row, col)
        lines = []
        for raw in str(self.view.covering(row, col)).splitlines():
            text = _BULLET.sub("", raw).strip()
            if not text or is_not_working(text, self.params.not_working_words):
                continue  # "Non-working day", "Off", "—": no hours, and not a session of the plan
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
            lines.append(Line(text, name, cell, _TAG_CATEGORY[tag.group(1).upper()] if tag else None, hours,
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
                hours, note = rest, _shared(how, session - timed if timed else None, len(untimed))
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


def _shared(how: str, left: float | None, lines: int) -> str:
    """How an untimed line's hours were found: the session, or what the timed lines left of it, shared."""
    whole = how if left is None else f"{max(left, 0.0):g} h left of the {how}"
    return whole if lines == 1 else f"{whole}, shared by {lines} lines without a time"


def read_cns_option1(grid: Grid, file: str, params: Params) -> JobPlan:
    """The job plan in one Figure 1 sheet (``is_cns_option1(grid)`` must be true)."""
    return Option1Reader(grid, file, params).read()
