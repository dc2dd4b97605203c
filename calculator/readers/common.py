"""What every template reader shares: the header block, findings, activity lines, sign-off dates."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..activities import ActivityDictionary
from ..errors import TextParseError
from ..hours import leave_days_for_service
from ..model import ActivityLine, Category, Finding, JobPlan, Severity
from ..params import Params, display_band
from ..text import parse_amount, parse_date
from .cells import Grid, label_starts, normalise_label
from .groups import professional_group
from .header import read_header

SIGN_OFF_COLUMNS = {
    "role": ("role",),
    "name": ("name",),
    "signature": ("signature", "signed"),
    "date": ("date", "date signed", "date agreed"),
}
# the roles in a sign-off table that are the job planner themselves
EMPLOYEE_ROLES = ("employee", "practitioner", "staff member", "cns", "clinical nurse specialist")

# NHS service longer than a working life is a year typed into the box ("2015"), not years
MOST_SERVICE_YEARS = 50

# a contracted-hours figure at or below this is a WTE typed into an hours box (nobody works 1.5 WTE)
LARGEST_WTE = 1.5


def match_columns(grid: Grid, row: int, wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which sheet column holds each wanted heading on this row; the first match of each wins."""
    found: dict[str, int] = {}
    for col, value in grid.row_cells(row):
        for key, phrases in wanted.items():
            if key not in found and col not in found.values() and label_starts(value, *phrases):
                found[key] = col
                break
    return found


@dataclass
class Table:
    """A table found by its heading row; its rows run from first_row to last_row."""

    header_row: int
    columns: dict[str, int]  # column key -> sheet column
    kind: str  # e.g. "sessions", "internal", "external", "sign-off"
    first_row: int = 0
    last_row: int = 0
    # found in the sheet's transposed view (rows are the sheet's columns): a week with the days down the side
    transposed: bool = False


def is_sign_off_heading(grid: Grid, row: int) -> bool:
    """A Role / Name / Signature / Date heading row."""
    columns = match_columns(grid, row, SIGN_OFF_COLUMNS)
    return {"role", "date"} <= columns.keys() and len(columns) >= 3


def set_extents(tables: list[Table], other_landmarks: list[int], last_row: int) -> None:
    """Each table runs from below its heading to the row before the next heading or landmark."""
    landmarks = sorted([t.header_row for t in tables] + other_landmarks)
    for table in tables:
        table.first_row = table.header_row + 1
        later = [r for r in landmarks if r > table.header_row]
        table.last_row = (later[0] - 1) if later else last_row


# what people type for a category in a type-of-work cell (normalised), first word first
CATEGORY_WORDS: dict[str, Category] = {
    "clinical": "DCC", "clinic": "DCC", "dcc": "DCC", "direct": "DCC",
    "spa": "SPA", "supporting": "SPA", "professional": "SPA",
    "anr": "ANR", "additional": "ANR", "ar": "ANR",  # AR: the BAPO guide's Additional Responsibilities
    "ed": "ED", "external": "ED",
}


def table_cells(grid: Grid, tables: list[Table]) -> set[tuple[int, int]]:
    """Every cell of the tables, headings and bodies: none of them is a header label ("Base", "Post")."""
    cells = set()
    for table in tables:
        view = grid.transposed() if table.transposed else grid
        first, last = min(table.columns.values()), max(table.columns.values())
        for row in range(table.header_row, table.last_row + 1):
            found = ((row, col) for col, _ in view.row_cells(row) if first <= col <= last)
            cells.update(((col, row) for row, col in found) if table.transposed else found)
    return cells


def category_of_type(text: str, dictionary: ActivityDictionary) -> Category | None:
    """The category a type-of-work cell names ("Clinical", "SPA (audit)", "ANR"), or None.

    A named activity that starts with a category word wins over the word ("Clinical governance"
    is SPA); otherwise the first word decides ("Clinical - MSK" is DCC). "Non-clinical" names no
    category: it could be SPA, ANR or ED, so it is reported, not guessed.
    """
    words = normalise_label(text).split()
    if not words or words[0] == "non":
        return None
    named = dictionary.match_start(text)
    if named is not None and len(words) > 1 and named.category != CATEGORY_WORDS.get(words[0]):
        return named.category
    return CATEGORY_WORDS.get(words[0])


_DICTIONARIES: dict[str, ActivityDictionary] = {}


def dictionary_for(params: Params) -> ActivityDictionary:
    """The activity dictionary with the trust's additions, built once per process for each set of additions
    (each workbook's task brings its own copy of the parameters)."""
    key = repr(sorted(params.activities.items()))
    if key not in _DICTIONARIES:
        _DICTIONARIES[key] = ActivityDictionary.load(params.activities)
    return _DICTIONARIES[key]



class PlanReader:
    """A reader of one sheet: holds the plan being built and the ways to add to it.

    Each template's reader names its template, how its tables are found, and how the body
    between the header block and the sign-off is read.
    """

    template = ""

    @staticmethod
    def find_tables(grid: Grid) -> list[Table]:
        raise NotImplementedError

    def __init__(self, grid: Grid, file: str, params: Params):
        self.grid = grid
        self.params = params
        self.plan = JobPlan(file=file, sheet=grid.sheet, template=self.template)
        self.dictionary = dictionary_for(params)
        self.tables = self.find_tables(grid)
        self.agreed_in_header = False  # a "Date agreed" in the header block is the plan's agreement

    def read(self) -> JobPlan:
        self.read_header_block(table_cells(self.grid, self.tables))
        self.read_body()
        self.read_sign_off([t for t in self.tables if t.kind == "sign-off"])
        return self.plan

    def read_body(self) -> None:
        raise NotImplementedError

    # -- findings ---------------------------------------------------------------------------
    def note(self, severity: Severity, cell: str, message: str, action: str = "") -> None:
        self.plan.findings.append(Finding(self.plan.file, self.plan.sheet, cell, severity, message, action))

    def add_line(self, activity: str, category: Category, hours: float, cell: str, note: str = "",
                 pillar: str | None = None) -> None:
        if pillar is None and category == "DCC":
            pillar = "clinical"
        self.plan.lines.append(ActivityLine(activity, category, hours, self.plan.sheet, cell, pillar, note))

    def add_patients(self, count: float | None, cell: str) -> None:
        """Patients a week the plan expects to see, added up over its sessions or rows."""
        if count is None:
            return
        self.plan.patients_per_week = (self.plan.patients_per_week or 0.0) + count
        self.plan.cells.setdefault("patients", cell)

    # -- the header block ------------------------------------------------------------------
    def read_header_block(self, taken: set[tuple[int, int]]) -> None:
        """Name, band, hours, service, leave and date agreed, found by label; ``taken`` cells are table headings."""
        header, empty_labels = read_header(self.grid, taken)
        self.plan.cells.update(empty_labels)
        self._read_header(header)

    def _read_header(self, header: dict[str, tuple[Any, str]]) -> None:
        plan = self.plan
        for key, (_value, cell) in header.items():
            plan.cells[key] = cell
        for key in ("name", "job_title", "professional_group", "team"):
            if key in header:
                setattr(plan, key, str(header[key][0]).strip())
        if plan.professional_group:
            self._name_group(plan.professional_group, header["professional_group"][1])
        if "band" in header:
            plan.band = display_band(header["band"][0])
        plan.contracted_hours = self._contracted_hours(header)
        plan.service_years = self._number(header, "service_years", ("years",), "NHS service (years)",
                                          MOST_SERVICE_YEARS)
        plan.leave_days = self._number(header, "leave_days", ("days",), "Annual leave entitlement (days)",
                                       max(self.params.annual_leave_days.values()))
        self._check_leave(plan.cells.get("leave_days", ""))
        self._plan_dates(header)
        if "date_agreed" in header:
            self._sign_off_date(*header["date_agreed"])
            self.agreed_in_header = self.plan.sign_off is not None

    def _name_group(self, typed: str, cell: str) -> None:
        """The group as the NHS names it, so one profession is one group on the KPIs; an unknown one is kept
        as typed and noted (once: a plan has one group)."""
        named = professional_group(typed)
        if named is not None:
            self.plan.professional_group = named
            return
        self.note("info", cell, f"Professional group '{typed}' is not one jobplan knows; it is kept as typed, so the "
                  "KPIs group it on its own.", "Use the NHS name of the profession, e.g. Physiotherapy or Nursing.")

    def _check_leave(self, cell: str) -> None:
        """Leave typed as a part-timer's pro-rata days is taken back to full-time days (jobplan pro-rates by
        hours itself); stated days that differ from what the stated NHS service gives are used, and said so."""
        plan, table = self.plan, self.params.annual_leave_days
        if plan.leave_days is None:
            return
        full_time, hours = self.params.full_time_hours, plan.contracted_hours
        if hours and hours < full_time and plan.leave_days < min(table.values()):
            # 17.4 days at 22.5 h is 29 x 22.5 / 37.5: within half a day of an entitlement's pro-rata share
            for days in sorted(set(table.values())):
                pro_rata = days * hours / full_time
                if abs(plan.leave_days - pro_rata) <= 0.5:
                    self.note("info", cell, f"Annual leave of {plan.leave_days:g} days at {hours:g} h a week is the "
                              f"pro-rata share of {days:g} full-time days ({days:g} x {hours:g} / {full_time:g} = "
                              f"{pro_rata:.1f}); {days:g} full-time days are used, pro-rated by hours.")
                    plan.leave_days = days
                    break
        if plan.service_years is not None:
            by_service = leave_days_for_service(plan.service_years, self.params)
            if abs(by_service - plan.leave_days) > 1e-9:
                self.note("info", cell, f"Annual leave is stated as {plan.leave_days:g} days; {plan.service_years:g} "
                          f"years of NHS service gives {by_service:g}. The stated {plan.leave_days:g} days are used.",
                          "Check the leave entitlement and the NHS service agree.")

    def _number(self, header, key: str, units: tuple[str, ...], label: str, most: float) -> float | None:
        """A number of days or years from the header; more than ``most`` is refused, not used."""
        if key not in header:
            return None
        value, cell = header[key]
        try:
            amount = parse_amount(value)
        except TextParseError as exc:
            self.note("warning", cell, f"{label}: {exc}", f"Type a number in {cell}.")
            return None
        if amount.unit not in (None, *units):
            self.note("warning", cell, f"{label} is '{value}', which is not in {units[0]}.",
                      f"Type the number of {units[0]} in {cell}.")
            return None
        if amount.value > most:
            hint = (" It may include bank holidays, which are counted separately."
                    if key == "leave_days" else " It may be a year rather than a number of years.")
            self.note("warning", cell, f"{label} is {amount.value:g}, more than {most:g}; not used.{hint}",
                      f"Type the number of {units[0]} in {cell}.")
            return None
        return amount.value

    def _contracted_hours(self, header) -> float | None:
        """Contracted hours a week, from the hours field or else a WTE field; doubtful figures are refused."""
        full_time = self.params.full_time_hours
        for key in ("contracted_hours", "wte"):
            if key not in header:
                continue
            value, cell = header[key]
            action = f"Type the weekly contracted hours in {cell}, e.g. 37.5, or a WTE such as '0.8 WTE'."
            try:
                amount = parse_amount(value)
            except TextParseError as exc:
                self.note("warning", cell, f"Contracted hours: {exc}", action)
                continue
            as_wte = amount.unit == "wte" or (key == "wte" and amount.value <= LARGEST_WTE)
            if amount.unit not in (None, "hours", "wte"):
                problem = f"Contracted hours are '{value}', which is not a number of hours."
            elif amount.value <= 0:
                problem = f"Contracted hours are {amount.value:g}: a job plan needs more than none."
            elif as_wte and amount.value > LARGEST_WTE:
                problem = f"'{value}' is more WTE than anyone works."
            elif not as_wte and amount.value <= LARGEST_WTE:
                problem = f"Contracted hours are {amount.value:g}, which looks like a WTE, not hours a week."
            else:
                hours = amount.value * full_time if as_wte else amount.value
                if as_wte:
                    self.note("info", cell, f"Contracted hours taken as {amount.value:g} WTE x {full_time:g} h = "
                              f"{hours:.2f} h a week.")
                if hours > full_time + 1e-9:
                    self.note("warning", cell, f"Contracted hours of {hours:g} are more than a full-time week of "
                              f"{full_time:g} h.", f"Check the hours in {cell}.")
                return hours
            self.note("warning", cell, problem + " Not used.", action)
        return None

    def _plan_dates(self, header) -> None:
        """Start, review and started-in-post dates; one that is not a date is a warning, not used."""
        labels = {"start_date": "Job plan start date", "review_date": "Review date",
                  "post_start": "Started in this post"}
        for key, label in labels.items():
            if key not in header:
                continue
            value, cell = header[key]
            try:
                setattr(self.plan, key, parse_date(value))
            except TextParseError as exc:
                self.note("warning", cell, f"{label}: {exc}", f"Type the date in {cell} as dd/mm/yyyy.")

    # -- sign-off ------------------------------------------------------------------------------
    def _sign_off_date(self, value: Any, cell: str) -> None:
        try:
            signed = parse_date(value)
        except TextParseError as exc:
            self.note("warning", cell, f"Sign-off date: {exc}", f"Type the date in {cell} as dd/mm/yyyy.")
            return
        if self.plan.sign_off is None or signed > self.plan.sign_off:
            self.plan.sign_off = signed
            self.plan.cells["sign_off"] = cell

    # -- sign-off table ------------------------------------------------------------------------
    def read_sign_off(self, tables: list[Table]) -> None:
        """The latest date in the sign-off tables; the employee's name there when the header has none.

        A plan is agreed by two people: dated by the employee alone (and no "Date agreed" in the header),
        it is not signed off, and the employee's date is kept for the finding that says so.
        """
        dated_roles = []
        for table in tables:
            for row in range(table.first_row, table.last_row + 1):
                role = normalise_label(self.grid.get(row, table.columns["role"]))
                value = self.grid.get(row, table.columns["date"])
                if value is not None:
                    dated_roles.append(role)
                    self._sign_off_date(value, self.grid.where(row, table.columns["date"]))
                person = self.grid.text(row, table.columns["name"]) if "name" in table.columns else ""
                if self.plan.name is None and role in EMPLOYEE_ROLES and person:
                    self.plan.name = person
                    self.plan.cells["name"] = self.grid.where(row, table.columns["name"])
                    self.note("info", self.plan.cells["name"], f"Name taken from the sign-off table: {person}.",
                              "Type the name in the Name box at the top as well.")
        if dated_roles and all(role in EMPLOYEE_ROLES for role in dated_roles) and not self.agreed_in_header:
            self.plan.employee_signed, self.plan.sign_off = self.plan.sign_off, None
