"""Cancer CNS job plan, Option 2 (Wessex guide Figure 2): proposed sessions per activity.

method.md §4: hours = sessions x one session. Rows under "Clinical Activity" are DCC and rows
under "Professional Activities" SPA, unless the row's category cell says otherwise. The
activity cell holds the name and then its long description, so the name is read from its start.
"""
from __future__ import annotations

from ..errors import TextParseError
from ..model import Category, JobPlan
from ..params import Params
from ..text import parse_amount
from ..text.patients import appointment_slots
from .cells import Grid, label_starts, normalise_label
from .common import (
    CATEGORY_WORDS,
    SIGN_OFF_COLUMNS,
    PlanReader,
    Table,
    is_sign_off_heading,
    match_columns,
    set_extents,
)

TEMPLATE = "CNS Option 2"

COLUMNS = {
    "activity": ("clinical activity", "clinical activities", "activity", "activities"),
    "sessions": ("proposed regular number of sessions", "proposed number of sessions", "number of sessions",
                 "sessions"),
    "category": ("category",),
}
SECTION_CATEGORY: dict[str, Category] = {"clinical": "DCC", "professional": "SPA"}
# a name read from the start of an activity cell that the dictionary does not know stops here
LONGEST_NAME = 60


def find_tables(grid: Grid) -> list[Table]:
    """The tables of this template in the sheet (found once per sheet)."""
    if "cns_option2" not in grid.memo:
        grid.memo["cns_option2"] = _find_tables(grid)
    return grid.memo["cns_option2"]


def _find_tables(grid: Grid) -> list[Table]:
    """The sessions table (its heading has 'Proposed regular number of sessions') and sign-off tables."""
    tables = []
    for row in grid.row_numbers():
        columns = match_columns(grid, row, COLUMNS)
        if "sessions" in columns and label_starts(grid.get(row, columns["sessions"]), *COLUMNS["sessions"][:2]):
            if "activity" not in columns:
                # the activity column is the one left of the sessions column that has text
                left = [c for c, _ in grid.row_cells(row) if c < columns["sessions"]]
                columns["activity"] = left[-1] if left else columns["sessions"] - 1
            tables.append(Table(row, columns, "sessions"))
        elif is_sign_off_heading(grid, row):
            tables.append(Table(row, match_columns(grid, row, SIGN_OFF_COLUMNS), "sign-off"))
    set_extents(tables, [], grid.max_row)
    return tables


def is_cns_option2(grid: Grid) -> bool:
    return any(t.kind == "sessions" for t in find_tables(grid))


class Option2Reader(PlanReader):
    """Reads one sheet holding a Figure 2 sessions table."""

    template = TEMPLATE

    find_tables = staticmethod(find_tables)

    def read_body(self) -> None:
        for table in self.tables:
            if table.kind == "sessions":
                self._read_sessions(table)

    def _read_sessions(self, table: Table) -> None:
        cols = table.columns
        section = "clinical"
        total_sessions = 0.0
        for row in range(table.first_row, table.last_row + 1):
            text = self.grid.text(row, cols["activity"])
            sessions_value = self.grid.get(row, cols["sessions"])
            heading = normalise_label(text)
            if heading.startswith("professional activit") and sessions_value is None:
                section = "professional"
                continue
            if heading.startswith("clinical activit") and sessions_value is None:
                section = "clinical"
                continue
            if heading == "total" or heading.startswith("total "):
                self._check_total(sessions_value, self.grid.where(row, cols["sessions"]), total_sessions)
                break
            if sessions_value is None:
                continue
            self.add_patients(appointment_slots(text), self.grid.where(row, cols["activity"]))
            sessions = self._sessions(sessions_value, self.grid.where(row, cols["sessions"]), text)
            if not sessions:
                continue
            total_sessions += sessions
            self._add_row(row, cols, text, section, sessions)
        self.plan.sessions = total_sessions
        self.plan.timetable_hours = total_sessions * self.params.session_hours

    def _sessions(self, value, cell: str, activity: str) -> float | None:
        """Sessions a week from what was typed: 1.5, "1 ½", "2 sessions"; hours are turned into sessions."""
        name = activity.splitlines()[0][:LONGEST_NAME] if activity else "this row"
        try:
            amount = parse_amount(value)
        except TextParseError as exc:
            self.note("warning", cell, f"Sessions for '{name}': {exc} The row is not counted.",
                      f"Type the number of sessions a week in {cell}, e.g. 1.5.")
            return None
        if amount.unit == "hours":
            return amount.value / self.params.session_hours
        if amount.unit not in (None, "sessions"):
            self.note("warning", cell, f"Sessions for '{name}' are '{value}', which is not a number of sessions; "
                      "the row is not counted.", f"Type the number of sessions a week in {cell}, e.g. 1.5.")
            return None
        return amount.value

    def _add_row(self, row: int, cols: dict[str, int], text: str, section: str, sessions: float) -> None:
        known = self.dictionary.match_start(text)
        name = known.name if known else (text.splitlines()[0].strip()[:LONGEST_NAME] or "Activity")
        category = SECTION_CATEGORY[section]
        pillar = known.pillar if known else None
        if "category" in cols and self.grid.get(row, cols["category"]) is not None:
            cell = self.grid.where(row, cols["category"])
            typed = self.grid.text(row, cols["category"])
            words = normalise_label(typed).split()
            stated = CATEGORY_WORDS.get(words[0]) if words else None
            if stated is None:
                self.note("warning", cell, f"Category '{typed}' for '{name}' is not DCC, SPA, ANR or ED; the row "
                          f"counts as {category}, its section.", f"Type DCC, SPA, ANR or ED in {cell}, or clear it.")
            else:
                category = stated
        hours = sessions * self.params.session_hours
        self.add_line(name, category, hours, self.grid.where(row, cols["sessions"]),
                      f"{sessions:g} sessions x {self.params.session_hours:g} h", pillar)

    def _check_total(self, value, cell: str, counted: float) -> None:
        """The Total row ("10 sessions") is checked against the sum of the rows."""
        if value is None:
            return
        try:
            stated = parse_amount(value).value
        except TextParseError:
            self.note("warning", cell, f"The total '{value}' is not a number of sessions.",
                      f"Type the total sessions in {cell}, e.g. 10.")
            return
        if abs(stated - counted) > 1e-6:
            self.note("warning", cell, f"The Total row says {stated:g} sessions, but the rows add up to "
                      f"{counted:g}.", "Correct the sessions or the total so they agree.")


def read_cns_option2(grid: Grid, file: str, params: Params) -> JobPlan:
    """The job plan in one Figure 2 sheet (``is_cns_option2(grid)`` must be true)."""
    return Option2Reader(grid, file, params).read()
