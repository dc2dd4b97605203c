"""BNSSG practitioner job plan (Appendix 1): ten typed sessions, additional activities, sign-off.

method.md §4: Clinical sessions are DCC, SPA sessions SPA, Integrated sessions split by their
stated clinical share. Additional activities become weekly averages; one done in place of a
session takes its time out of that session's category. Everything is found by its label.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import hours as arithmetic
from ..errors import TextParseError
from ..model import Category, JobPlan
from ..params import Params
from ..text import (
    DayHalf,
    is_not_working,
    parse_clinical_share,
    parse_day_half,
    parse_frequency,
    parse_hours,
    parse_length,
    parse_session_ref,
    parse_time_range,
    without_length,
)
from ..text.patients import parse_patients
from .cells import Grid, normalise_label
from .common import (
    SIGN_OFF_COLUMNS,
    PlanReader,
    Table,
    category_of_type,
    is_sign_off_heading,
    match_columns,
    set_extents,
)

TEMPLATE = "BNSSG Appendix 1"

# column headings, normalised; a heading matches when it starts with one of these
SESSION_COLUMNS = {
    "session": ("session", "session no", "session number", "sessions"),
    "day": ("day and time", "day time", "day", "day and times"),
    "time": ("time", "times", "session times", "hours", "session hours"),
    "location": ("location",),
    "type": ("type of work", "type", "session type", "work type"),
    "detail": ("additional detail", "additional details", "detail", "details", "description"),
    "patients": ("estimated no", "estimated number", "no of patients", "number of patients"),
}
ADDITIONAL_COLUMNS = {
    "location": SESSION_COLUMNS["location"],
    "type": SESSION_COLUMNS["type"],
    "detail": SESSION_COLUMNS["detail"],
    "frequency": ("frequency", "how often"),
    "session": ("session usually undertaken in", "session usually undertaken", "session undertaken in",
                "usual session", "session"),
}
REVIEW_SENTENCE = "this job plan will be subject to review"


@dataclass
class Session:
    number: int
    hours: float
    categories: dict[Category, float]  # each category's share of the session
    cell: str
    when: DayHalf | None


def _is_sessions_header(columns: dict[str, int]) -> bool:
    return {"day", "type"} <= columns.keys()


def _is_additional_header(columns: dict[str, int]) -> bool:
    return {"type", "frequency"} <= columns.keys()


def find_tables(grid: Grid) -> list[Table]:
    """The tables of this template in the sheet (found once per sheet)."""
    if "bnssg" not in grid.memo:
        grid.memo["bnssg"] = _find_tables(grid)
    return grid.memo["bnssg"]


def _find_tables(grid: Grid) -> list[Table]:
    """Every table heading row in the sheet, top to bottom, with each table's extent."""
    tables: list[Table] = []
    for row in grid.row_numbers():
        sessions = match_columns(grid, row, SESSION_COLUMNS)
        if _is_sessions_header(sessions) and "frequency" not in match_columns(grid, row, ADDITIONAL_COLUMNS):
            tables.append(Table(row, sessions, "sessions"))
            continue
        additional = match_columns(grid, row, ADDITIONAL_COLUMNS)
        if _is_additional_header(additional):
            tables.append(Table(row, additional, _additional_kind(grid, row, tables)))
            continue
        if is_sign_off_heading(grid, row):
            tables.append(Table(row, match_columns(grid, row, SIGN_OFF_COLUMNS), "sign-off"))
    set_extents(tables, _title_rows(grid), grid.max_row)
    return tables


def is_bnssg(grid: Grid) -> bool:
    """Appendix 1's session timetable: a heading row with Day and time and Type of work (Session usually too)."""
    return any(t.kind == "sessions" for t in find_tables(grid))


def _title_rows(grid: Grid) -> list[int]:
    """Rows that end the table above them: the additional activities titles and the review sentence.

    A title stands alone at the start of its row; the same words inside a session's detail are not one.
    """
    rows = []
    for row in grid.row_numbers():
        cells = grid.row_cells(row)
        text = normalise_label(cells[0][1])
        if len(cells) <= 2 and ("additional activities" in text or text.startswith(REVIEW_SENTENCE)):
            rows.append(row)
    return rows


def _additional_kind(grid: Grid, header_row: int, earlier: list[Table]) -> str:
    """'internal' or 'external' from the title just above the heading row."""
    for row in range(header_row - 1, max(header_row - 4, 0), -1):
        for _col, value in grid.row_cells(row):
            text = normalise_label(value)
            if "external" in text:
                return "external"
            if "internal" in text:
                return "internal"
    # no title: the seed's order, internal first
    return "external" if any(t.kind == "internal" for t in earlier) else "internal"


class BnssgReader(PlanReader):
    """Reads one sheet holding an Appendix 1 job plan."""

    template = TEMPLATE

    find_tables = staticmethod(find_tables)

    def __init__(self, grid: Grid, file: str, params: Params):
        super().__init__(grid, file, params)
        self.session_table = next(t for t in self.tables if t.kind == "sessions")

    def read_body(self) -> None:
        sessions = self._read_sessions()
        leave_days = arithmetic.effective_leave_days(self.plan.leave_days, self.plan.service_years, self.params)
        planned_weeks = arithmetic.job_planned_weeks(leave_days, self.params)
        for table in self.tables:
            if table.kind in ("internal", "external"):
                self._read_additional(table, sessions, planned_weeks)

    # -- the ten sessions -------------------------------------------------------------------
    def _read_sessions(self) -> dict[int, Session]:
        table = self.session_table
        sessions: dict[int, Session] = {}
        cols = table.columns
        order = 0
        for row in range(table.first_row, table.last_row + 1):
            cell_text = {key: self.grid.text(row, col) for key, col in cols.items()}
            if not any(cell_text.values()):
                continue
            order += 1
            number = _session_number(self.grid.get(row, cols["session"]) if "session" in cols else None, order)
            session = self._read_session(row, number, cell_text)
            if session is not None:
                sessions[number] = session
                if "patients" in cols:  # "Estimated no. of patients reviewed", in sessions that are worked
                    self.add_patients(parse_patients(self.grid.get(row, cols["patients"])),
                                      self.grid.where(row, cols["patients"]))
        self.plan.sessions = float(len(sessions))
        self.plan.timetable_hours = sum(session.hours for session in sessions.values())
        return sessions

    def _read_session(self, row: int, number: int, text: dict[str, str]) -> Session | None:
        cols = self.session_table.columns
        type_cell = self.grid.where(row, cols["type"])
        day_cell = self.grid.where(row, cols["day"])
        day_text = text.get("day", "")
        try:
            when = parse_day_half(day_text)
        except TextParseError:
            when = None
        kind = normalise_label(text.get("type"))
        label = f"Session {number}" + (f" ({_describe(when)})" if when else "")
        words = self.params.not_working_words
        if is_not_working(text.get("type"), words) or (
                not kind and any(is_not_working(text.get(key), words) for key in ("detail", "location"))):
            return None  # "Non-working day" as its type, or in its detail with no type of work
        if not kind:
            if text.get("location") or text.get("detail"):
                self.note("warning", type_cell, f"{label} has a location or detail but no type of work, "
                          "so it is not counted.",
                          f"Type Clinical, SPA or Integrated in {type_cell}, or clear the row if it is not worked.")
            return None
        categories = self._categories(text, type_cell, label)
        if categories is None:
            return None
        hours, how = self._session_hours(day_text, day_cell, label)
        if how.startswith("one session") and "time" in cols:
            hours, how = self._session_hours(text.get("time", ""), self.grid.where(row, cols["time"]), label)
        activity = text.get("detail") or text.get("location") or text.get("type")
        activity = f"{label}: {activity}"
        for category, share in categories.items():
            part = f" ({share:.0%} of the session)" if share < 1 else ""
            self.add_line(activity + part, category, hours * share, type_cell, how)
        return Session(number, hours, categories, type_cell, when)

    def _categories(self, text: dict[str, str], cell: str, label: str) -> dict[Category, float] | None:
        """Each category's share of a session or activity from its type of work (method.md §4)."""
        words = set(normalise_label(text.get("type")).split())
        if "integrated" in words or {"clinical", "spa"} <= words:
            share = self._clinical_share(text.get("type", ""), text.get("detail", ""), cell, label)
            return {c: s for c, s in (("DCC", share), ("SPA", 1 - share)) if s > 0}
        category = category_of_type(text.get("type", ""), self.dictionary)
        if category is None:
            self.note("warning", cell, f"{label}: type of work '{text.get('type')}' is not Clinical, SPA or "
                      "Integrated, so the session is not counted.",
                      f"Type Clinical, SPA or Integrated (with its clinical share) in {cell}.")
        return None if category is None else {category: 1.0}

    def _clinical_share(self, type_text: str, detail: str, cell: str, label: str) -> float:
        default = self.params.integrated_clinical_share
        try:
            share = parse_clinical_share(type_text)
            if share is None:
                share = parse_clinical_share(detail, require_context=True)
        except TextParseError as exc:
            self.note("warning", cell, f"{label}: {exc} The session is split {_split(default)} meanwhile.",
                      f"Write the clinical share in {cell}, e.g. 'Integrated (60/40)'.")
            return default
        if share is None:
            self.note("warning", cell, f"{label} is integrated but does not say how much is clinical; "
                      f"it is split {_split(default)}.",
                      f"Write the clinical share in {cell}, e.g. 'Integrated (60/40)' or '70% clinical'.")
            return default
        return share

    def _session_hours(self, day_text: str, cell: str, label: str) -> tuple[float, str]:
        """Hours from the start and end times when typed, else the hours written, else one session; and how."""
        session = self.params.session_hours
        try:
            for parse, source in ((parse_time_range, "times"), (parse_hours, "hours")):
                hours = parse(day_text)
                if hours is not None:
                    return hours, f"{source} in {cell}: {hours:g} h"
        except TextParseError as exc:
            self.note("warning", cell, f"{label}: {exc} One session of {session:g} h is counted instead.",
                      f"Type the times in {cell} like 09:00-12:45.")
        return session, f"one session: {session:g} h"

    # -- additional activities --------------------------------------------------------------
    def _read_additional(self, table: Table, sessions: dict[int, Session], planned_weeks: float) -> None:
        cols = table.columns
        for row in range(table.first_row, table.last_row + 1):
            text = {key: self.grid.text(row, col) for key, col in cols.items()}
            if not any(text.values()):
                continue
            self._read_activity(table.kind, row, cols, text, sessions, planned_weeks)

    def _read_activity(self, kind: str, row: int, cols: dict[str, int], text: dict[str, str],
                       sessions: dict[int, Session], planned_weeks: float) -> None:
        cell = {key: self.grid.where(row, col) for key, col in cols.items()}
        name = text.get("detail") or text.get("location") or text.get("type") or "Additional activity"
        label = f"{kind.capitalize()} additional activity '{name}'"
        if not text.get("frequency"):
            self.note("warning", cell.get("frequency", cell["type"]), f"{label} has no frequency, so it is not "
                      "counted.", "Type how often it happens, e.g. 'monthly' or '3 per year'.")
            return
        try:
            frequency = _frequency(text["frequency"])
        except TextParseError as exc:
            self.note("warning", cell["frequency"], f"{label}: {exc} It is not counted.",
                      "Type how often it happens, e.g. 'monthly', 'every 6 weeks' or '3 per year'.")
            return
        each, length_how = self._occurrence_hours(text.get("detail", ""), text["frequency"], cell, label)
        per_week = arithmetic.occurrences_per_week(frequency.count, frequency.period, planned_weeks)
        weekly = each * per_week
        categories = self._activity_categories(kind, text, cell["type"], label)
        if categories is None:
            return
        how = (f"{text['frequency']}: {_how_often(frequency, per_week, planned_weeks)}; {length_how} "
               f"= {weekly:.2f} h a week")
        for category, share in categories.items():
            self.add_line(name, category, weekly * share, cell["type"], how)
        self._move_out_of_session(name, weekly, text.get("session", ""), cell.get("session"), sessions, label)

    def _activity_categories(self, kind: str, text: dict[str, str], cell: str,
                             label: str) -> dict[Category, float] | None:
        if kind == "external":
            return {"ED": 1.0}  # method.md §4: external activities are External Duties
        if not text.get("type"):
            self.note("warning", cell, f"{label} has no type of work, so it is not counted.",
                      f"Type Clinical, SPA or Integrated in {cell}.")
            return None
        return self._categories(text, cell, label)

    def _occurrence_hours(self, detail: str, frequency: str, cell: dict[str, str], label: str) -> tuple[float, str]:
        """How long each occurrence lasts, and how that was found: a length written in the detail or the
        frequency cell ("2 hours", "1 day", "half day", "a morning"), else one session (method.md §4)."""
        session = self.params.session_hours
        for text, where in ((detail, cell.get("detail", cell["type"])), (frequency, cell["frequency"])):
            try:
                length = parse_length(text)
            except TextParseError as exc:
                self.note("warning", where, f"{label}: {exc}. One session of {session:g} h each time is assumed.",
                          f"Write how long it lasts each time in {where}, e.g. '2 hours', 'half day' or '1 day'.")
                return session, f"one session of {session:g} h each (the length in {where} could not be read)"
            if length is not None:
                hours = length.hours(session)
                return hours, f"{length.words} ({where}) = {hours:g} h each"
        return session, f"one session of {session:g} h each (no length written)"

    def _move_out_of_session(self, name: str, weekly: float, ref_text: str, cell: str | None,
                             sessions: dict[int, Session], label: str) -> None:
        """An activity done in place of a session takes its weekly time out of that session's category."""
        if not ref_text:
            return
        try:
            ref = parse_session_ref(ref_text)
        except TextParseError as exc:
            self.note("warning", cell, f"{label}: {exc} Its time is added on top of the timetable.",
                      "Write a session number 1-10 or a day and half such as 'Tuesday AM'.")
            return
        if ref is None:
            return
        session = self._find_session(ref, sessions)
        if session is None:
            self.note("warning", cell, f"{label} is said to replace session '{ref_text}', which is not a worked "
                      "session in the timetable; its time is added on top.",
                      "Name a worked session (number 1-10 or a day and half), or leave it blank.")
            return
        if weekly > session.hours + 1e-9:
            self.note("warning", cell, f"{label} averages {weekly:.2f} h a week, more than session "
                      f"{session.number} holds ({session.hours:g} h).",
                      "Check its frequency and hours, or spread it over more than one session.")
        for category, share in session.categories.items():
            self.add_line(f"Session {session.number} time given to {name}", category, -weekly * share,
                          cell, f"{weekly:.2f} h a week moved out of session {session.number}")

    def _find_session(self, ref: int | DayHalf, sessions: dict[int, Session]) -> Session | None:
        if isinstance(ref, int):
            return sessions.get(ref)
        matches = [s for s in sessions.values() if s.when is not None and s.when.day == ref.day
                   and (ref.half is None or s.when.half == ref.half)]
        return matches[0] if len(matches) == 1 else None

def read_bnssg(grid: Grid, file: str, params: Params) -> JobPlan:
    """The job plan in one Appendix 1 sheet (``is_bnssg(grid)`` must be true)."""
    return BnssgReader(grid, file, params).read()


def _session_number(value: Any, order: int) -> int:
    """The session's own number where it is written, else its place in the table."""
    try:
        ref = parse_session_ref(value)
    except TextParseError:
        return order
    return ref if isinstance(ref, int) else order


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _describe(when: DayHalf) -> str:
    return f"{_DAY_NAMES[when.day]} {when.half}" if when.half else _DAY_NAMES[when.day]


def _frequency(text: str):
    """How often, from the frequency cell; a length written there ("2 days a quarter") is read apart."""
    try:
        return parse_frequency(text)
    except TextParseError:
        rest = without_length(text)
        if rest == text.strip().lower() or not rest:
            raise
        return parse_frequency(rest)


def _how_often(frequency, per_week: float, planned_weeks: float) -> str:
    """The frequency rule as applied (README, 'How often'): calendar periods are spread over the weeks the
    plan runs; days and weeks are counted in the plan's own working weeks."""
    count, period = frequency.count, frequency.period
    if period == "day":
        return f"{count:g} a day x 5 working days = {per_week:.3f} a week"
    if period == "week":
        if count < 1:
            return f"once in {1 / count:g} working weeks = {per_week:.3f} a week"
        return f"{count:g} a week" if count != 1 else "once a week"
    a_year = count * 12 if period == "month" else count
    return f"{a_year:g} a year over {planned_weeks:.2f} job-planned weeks = {per_week:.3f} a week"


def _split(share: float) -> str:
    return f"{share:.0%} clinical / {1 - share:.0%} SPA"

