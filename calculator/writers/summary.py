"""The team summary a manager emails to the job planning committee: itself a live calculator.

Each person's inputs on Staff are plain values (contracted hours, leave days, weekly hours by
category, sign-off date); every derived figure is an Excel formula over that row and the named
parameters on Assumptions (method.md §3, §4, §6), written with the value Python computed so
previews see numbers. A committee member who changes `sickness_rate`, or one person's hours,
sees every dependent figure, KPI and chart follow.

The writer knows layouts only: every value it writes, cached with a formula or not, is taken from the
run's team tables (calculator/team.py), where the figures are worked out.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..cycle import FINGERPRINT_HEADING
from ..model import CATEGORIES
from ..params import AssumptionRow, assumption_rows, normalise_band
from ..team import NOT_GIVEN, PILLAR_COLUMNS, TeamTables
from ..text.xml_safe import fits_a_cell, xml_safe
from .atomic import atomic_path

# parameters that shape how the plans are read, not the figures worked out from them on Staff
APPLIED_WHEN_READING = {"sessions_per_full_time_week", "annual_leave_days", "hours_tolerance",
                        "integrated_clinical_share"}
TABLE_STYLE = "Table Style Light 9"
# Excel refuses links longer than 255 characters, and '#' starts a link's place in the file: such file names
# are written as plain text
MAX_LINK_NAME = 200
# the widest a text column grows to fit its content (characters); longer text wraps
WIDEST = 45


# the functions our formulas use, none of which XlsxWriter rewrites for newer Excel versions
PLAIN_FUNCTIONS = frozenset({"ABS", "AND", "COUNT", "COUNTA", "COUNTIF", "COUNTIFS", "DATE", "EDATE", "IF",
                             "IFERROR", "MEDIAN", "N", "OR", "SUM", "SUMIF", "SUMIFS", "VLOOKUP"})
_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")


def _plain(formula: str) -> bool:
    """No array braces, table references or functions outside PLAIN_FUNCTIONS."""
    return (not any(c in formula for c in "{}[]@")
            and all(name.upper() in PLAIN_FUNCTIONS for name in _FUNCTION.findall(formula)))


@functools.cache
def _worksheet_class():
    """XlsxWriter runs some forty regular expressions over every formula, looking for newer Excel functions
    to rename: two thirds of the time it takes to write a summary of 10,000 people. Our formulas use none,
    so a plain one skips straight through; anything else gets XlsxWriter's own treatment.
    tests/test_live_workbooks.py checks both give the same for every formula of the summary."""
    from xlsxwriter.worksheet import Worksheet

    class SummaryWorksheet(Worksheet):
        def _prepare_formula(self, formula, expand_future_functions=False):
            if not expand_future_functions and _plain(formula):
                return formula[1:] if formula.startswith("=") else formula
            return super()._prepare_formula(formula, expand_future_functions)

    return SummaryWorksheet


def new_workbook(path: Path):
    """An xlsxwriter workbook that never turns typed text into a formula, link or number."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    })


def write_cell(sheet, row: int, col: int, value: Any, fmt=None) -> None:
    """Write one value by its type; text always as text."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, cell_text(value), fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def cell_text(text: str) -> str:
    """Workbook text as a cell can hold it (calculator/text/xml_safe.py; the finding is the reader's)."""
    return fits_a_cell(xml_safe(text))


def write_formula(sheet, row: int, col: int, formula: str, value: Any, fmt=None) -> None:
    """A formula with the value Python computed, so previews, pandas and mail clients see it."""
    if isinstance(value, (date, datetime)):
        value = (value - date(1899, 12, 30)).days
    elif isinstance(value, str):  # a cached value is written as it is: XlsxWriter escapes nothing in it
        value = cell_text(value)
    sheet.write_formula(row, col, formula, fmt, "" if value is None else value)


def defined_name(parameter: str) -> str:
    """The Excel name of a parameter's cell: 'annual_leave_days.5' is annual_leave_days_5."""
    return re.sub(r"[^A-Za-z0-9_]", "_", parameter)


# -- Staff --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One Staff column: a person's input value, or a formula over the row (``formula`` given); its value,
    written or cached with the formula, is the staff table's column ``value``."""

    heading: str
    width: float
    kind: str | None  # number format: "hours", "percent", "date", or None
    value: str
    formula: Callable[[Callable[[str], str]], str] | None = None


STAFF_COLUMNS: list[Column] = [
    Column("Name", 22, None, "name"),
    Column("File", 26, None, "file"),
    Column("Template", 16, None, "template"),
    Column("Band", 9, None, "band"),
    Column("Professional group", 18, None, "professional_group"),
    Column("Team", 18, None, "team"),
    Column("Contracted hours", 11, "hours", "contracted_hours"),
    Column("Job plan hours", 10, "hours", "job_plan_hours",
           lambda c: f"=SUM({c('DCC hours')}:{c('ED hours')})"),
    Column("DCC hours", 9, "hours", "dcc_hours"),
    Column("SPA hours", 9, "hours", "spa_hours"),
    Column("ANR hours", 9, "hours", "anr_hours"),
    Column("ED hours", 9, "hours", "ed_hours"),
    Column("DCC %", 8, "percent", "dcc_pct",
           lambda c: f'=IF({c("Job plan hours")}>0,{c("DCC hours")}/{c("Job plan hours")},"")'),
    # method.md §3: annual - leave, bank holidays and study days of H/5 hours - sickness and other leave
    Column("Productive hours a year", 12, "hours", "productive_hours",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}*weeks_per_year'
                     f'*(1-sickness_rate-other_leave_rate)-{c("Contracted hours")}/5'
                     f'*({c("Leave days")}+bank_holiday_days+study_leave_days),"")'),
    Column("Annual DCC hours", 11, "hours", "annual_dcc_hours",
           lambda c: _annual(c, "DCC hours")),
    Column("Unavailable %", 11, "percent", "unavailable_pct",
           lambda c: f'=IF({c("Productive hours a year")}="","",'
                     f'1-{c("Productive hours a year")}/({c("Contracted hours")}*weeks_per_year))'),
    Column("Headroom uplift %", 11, "percent", "headroom_uplift",
           lambda c: f'=IF({c("Productive hours a year")}="","",'
                     f'{c("Contracted hours")}*weeks_per_year/{c("Productive hours a year")}-1)'),
    Column("Sign-off", 11, "date", "sign_off"),
    Column("Sign-off status", 13, None, "sign_off_status",
           lambda c: f'=IF({c("Sign-off")}="","No sign-off",IF({c("Sign-off")}>as_of_date,"Dated after as-of",'
                     f'IF({c("Sign-off")}>=EDATE(as_of_date,-active_plan_months),"Active","Expired")))'),
    Column("Leave days", 8, "number", "leave_days"),
    Column("WTE", 7, "wte", "wte",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}/full_time_hours,"")'),
    Column("Unallocated hours", 11, "hours", "unallocated_hours",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}-{c("Job plan hours")},"")'),
    Column("Annual SPA hours", 11, "hours", "annual_spa_hours",
           lambda c: _annual(c, "SPA hours")),
    Column("Annual ANR hours", 11, "hours", "annual_anr_hours",
           lambda c: _annual(c, "ANR hours")),
    Column("Annual ED hours", 11, "hours", "annual_ed_hours",
           lambda c: _annual(c, "ED hours")),
    Column("Delivered hours", 10, "hours", "delivered_hours"),
    # identifies the plan's content, so next year's run (--previous) can tell a plan copied forward
    Column(FINGERPRINT_HEADING, 14, None, "plan_fingerprint"),
]
STAFF_HEADINGS = [c.heading for c in STAFF_COLUMNS]
ANNUAL_BY_CATEGORY = {"DCC": "Annual DCC hours", "SPA": "Annual SPA hours", "ANR": "Annual ANR hours",
                      "ED": "Annual ED hours"}


def _annual(c: Callable[[str], str], weekly: str) -> str:
    """method.md §4: annual capacity of a category = its share of the job plan x productive hours."""
    return (f'=IF({c("Productive hours a year")}="","",IF({c("Job plan hours")}>0,'
            f'{c(weekly)}/{c("Job plan hours")}*{c("Productive hours a year")},0))')


STAFF_LETTERS = {heading: xl_col_to_name(i) for i, heading in enumerate(STAFF_HEADINGS)}
# each derived column's formula with "{row}" for the Excel row: built once, filled in for every person
STAFF_FORMULAS = {c.heading: c.formula(lambda h: f"{STAFF_LETTERS[h]}{{row}}") for c in STAFF_COLUMNS if c.formula}


def staff(heading: str, row: int) -> str:
    """One Staff cell (1-based Excel row) by its column heading."""
    return f"Staff!{STAFF_LETTERS[heading]}{row}"


def _staff_ref(heading: str, first: int, last: int) -> str:
    """An absolute range on Staff for one column's data rows (1-based Excel rows)."""
    col = STAFF_LETTERS[heading]
    return f"Staff!${col}${first}:${col}${last}"


@dataclass
class SummaryInfo:
    """What the summary says about the run besides its figures."""

    folder: Path  # the team's (or trust's) folder
    inputs: list[str] = field(default_factory=list)  # the workbooks read, as the findings name them
    annotated: set[str] = field(default_factory=set)  # annotated copies written, relative to annotated/
    # the job planning cycle's sheets (writers/changes.py, writers/capacity.py) still read the people themselves,
    # in the staff table's order, with what changed since --previous and the demand beside the plans
    people: list = field(default_factory=list)
    changes: Any = None
    demand: Any = None


def _cells(series: pd.Series, blank: Any = None) -> list:
    """A column's values as Python values for XlsxWriter: ``blank`` for <NA>, dates as dates."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [blank if pd.isna(v) else v.date() for v in series]
    return series.astype(object).where(series.notna(), blank).tolist()


def _value(value: Any, blank: Any = "") -> Any:
    """One figure of a roll-up for XlsxWriter: ``blank`` for <NA> (what the formula shows then)."""
    return blank if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else value


class SummaryWriter:
    """Writes team-summary.xlsx from a run's team tables; one instance per workbook."""

    def __init__(self, tables: TeamTables, info: SummaryInfo, book):
        self.tables = tables
        self.info = info
        self.params = tables.params
        self.as_of = tables.as_of
        self.staff_count = len(tables.staff)
        self.people = info.people  # for the cycle's sheets only: every figure here comes from the tables
        self.book = book
        self.last_row = self.staff_count + 1  # Excel row of the last person on Staff
        self.worksheet_class = _worksheet_class()
        self.f = self._formats()

    def _formats(self) -> dict:
        add = self.book.add_format
        return {
            "title": add({"bold": True, "font_size": 14}),
            "bold": add({"bold": True, "valign": "top"}),
            "heading": add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}),
            "hours": add({"num_format": "0.00", "valign": "top"}),
            "percent": add({"num_format": "0.0%", "valign": "top"}),
            "date": add({"num_format": "dd/mm/yyyy", "valign": "top"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
            "number": add({"num_format": "General", "valign": "top"}),
            "wte": add({"num_format": "0.00", "valign": "top"}),
            "ratio": add({"num_format": '0.00" : 1"', "valign": "top"}),
            "points": add({"num_format": "+0.0;-0.0;0.0", "valign": "top"}),
            "points_pct": add({"num_format": "+0.0%;-0.0%;0.0%", "valign": "top"}),
            "input": add({"bg_color": "#FFF2CC", "valign": "top"}),
            "link": add({"font_color": "#0563C1", "underline": 1, "text_wrap": True, "valign": "top"}),
            "green": add({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "amber": add({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
            "red": add({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            None: add({"valign": "top"}),
        }

    def write(self) -> None:
        readme = self.book.add_worksheet("Read me", worksheet_class=self.worksheet_class)
        staff = self.book.add_worksheet("Staff", worksheet_class=self.worksheet_class)
        kpis = self.book.add_worksheet("KPIs", worksheet_class=self.worksheet_class)
        consistency = self.book.add_worksheet("Consistency", worksheet_class=self.worksheet_class)
        self._cycle_sheets()
        charts = self.book.add_worksheet("Charts", worksheet_class=self.worksheet_class)
        findings = self.book.add_worksheet("Findings", worksheet_class=self.worksheet_class)
        assumptions = self.book.add_worksheet("Assumptions", worksheet_class=self.worksheet_class)
        self._assumptions(assumptions)
        self._staff(staff)
        self._kpis(kpis)
        self._consistency(consistency)
        self._charts(charts)
        self._findings(findings)
        self._readme(readme)
        footer = f"&L{_footer_text(self.info.folder.name)}&CAs of {self.as_of:%d/%m/%Y}&RPage &P of &N"
        for sheet in (readme, staff, kpis, consistency, charts, findings, assumptions):
            sheet.set_landscape()
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)
            sheet.set_footer(footer)
        # the three table sheets keep their headings in row 1 (filters, and programs that read them as tables), so
        # their title is printed at the top of every page
        titles = {staff: "Staff: one row per person (yellow: read from the job plans; the rest are formulas)",
                  findings: "Findings: every problem found, most serious first, with where it is and what to do",
                  assumptions: "Assumptions: every figure the arithmetic uses (lasting changes go in jobplan.toml)"}
        for sheet, title in titles.items():
            sheet.repeat_rows(0)
            sheet.set_header(f'&L&"-,Bold"&12{_footer_text(title)}', {"margin": 0.3})
            sheet.set_margins(top=0.9)
        staff.fit_to_pages(2, 0)  # 26 columns: two pages wide keeps the figures readable
        charts.fit_to_pages(1, 1)
        staff.repeat_columns(0)
        self.book.set_properties({
            "title": "Job plan team summary",
            "subject": f"Job plans of {self.info.folder.name} as of {self.as_of:%d/%m/%Y}",
            "comments": "Written by jobplan: the figures are formulas over the Assumptions sheet.",
        })
        self.book.set_custom_property("As of", datetime.combine(self.as_of, datetime.min.time()))

    def _cycle_sheets(self) -> None:
        """The job planning cycle's sheets, where the run has them: Changes (--previous), Capacity (demand.csv or
        planned patients)."""
        if self.info.changes is not None:
            from .changes import SHEET_NAME, write_changes

            write_changes(self, self.book.add_worksheet(SHEET_NAME, worksheet_class=self.worksheet_class),
                          self.info.changes)
        from .capacity import SHEET_NAME as CAPACITY
        from .capacity import should_write, write_capacity

        demand = self.info.demand
        if should_write(self.people, demand):
            write_capacity(self, self.book.add_worksheet(CAPACITY, worksheet_class=self.worksheet_class), demand)

    # -- tables ---------------------------------------------------------------------------
    def _table(self, sheet, first_row: int, headings: list[str], widths: list[float], rows: int,
               name: str) -> None:
        """An Excel table (filter buttons, banded rows) over headings and ``rows`` data rows written separately."""
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        height = 15 * max(_lines(h, w) for h, w in zip(headings, widths))
        sheet.set_row(first_row, height)
        if rows:
            sheet.add_table(first_row, 0, first_row + rows, len(headings) - 1, {
                "name": name, "style": TABLE_STYLE,
                "columns": [{"header": h, "header_format": self.f["heading"]} for h in headings],
            })
        else:
            for col, heading in enumerate(headings):
                sheet.write_string(first_row, col, heading, self.f["heading"])
        sheet.freeze_panes(first_row + 1, 0)

    # -- Assumptions ----------------------------------------------------------------------------
    def _assumptions(self, sheet) -> None:
        rows = [AssumptionRow("as_of_date", self.as_of, "date", "the date sign-offs are checked against: the day "
                              "of the run, or the date given with --as-of (not in jobplan.toml)", "date",
                              "Sign-offs checked as of")]
        rows += assumption_rows(self.params)
        # the plain label first, the parameter's name in jobplan.toml in its own column beside it
        headings = ["Assumption", "Name (jobplan.toml, formulas)", "Value", "Unit", "What it means"]
        widths = [34, 28, 12, 18, 70]
        self._table(sheet, 0, headings, widths, len(rows), "Assumptions")
        for i, row in enumerate(rows, start=1):
            fmt = {"fraction": "percent", "date": "date"}.get(row.kind, "number")
            if fmt == "number" and isinstance(row.value, float) and row.value != round(row.value, 2):
                fmt = "hours"  # 52.142857143 weeks shows as 52.14; the cell keeps every digit
            meaning = row.meaning
            live = row.name.split(".")[0] not in APPLIED_WHEN_READING
            if not live:
                meaning += " (applied when jobplan reads the plans: change it in jobplan.toml and run again)"
            write_cell(sheet, i, 0, row.label, self.f["wrap"])
            write_cell(sheet, i, 1, row.name, self.f[None])
            write_cell(sheet, i, 2, row.value, self._input(fmt) if live else self.f[fmt])
            if row.value is not None:
                self.book.define_name(defined_name(row.name), f"=Assumptions!$C${i + 1}")
            write_cell(sheet, i, 3, row.unit, self.f[None])
            write_cell(sheet, i, 4, meaning, self.f["wrap"])
            sheet.set_row(i, 15 * max(_lines(meaning, widths[4]), _lines(row.label, widths[0])))

    def _input(self, kind: str):
        """An input cell's format: its number format on the input shading."""
        key = f"input:{kind}"
        if key not in self.f:
            num = {"percent": "0.0%", "date": "dd/mm/yyyy", "hours": "0.00"}.get(kind, "General")
            self.f[key] = self.book.add_format({"bg_color": "#FFF2CC", "num_format": num, "valign": "top"})
        return self.f[key]

    # -- Staff ----------------------------------------------------------------------------------
    def _staff(self, sheet) -> None:
        staff = self.tables.staff.assign(professional_group=self.tables.staff["professional_group"]
                                         .fillna(NOT_GIVEN))
        # a figure the plan does not give is a blank input, and "" where a formula shows nothing
        values = [_cells(staff[c.value], None if c.formula is None else "") for c in STAFF_COLUMNS]
        # text columns as wide as their longest entry (up to WIDEST), so a file name never runs into the next
        # column; longer text wraps, its row made tall enough (xlsxwriter cannot fit row heights itself)
        text_columns = {col for col, c in enumerate(STAFF_COLUMNS) if c.kind is None and c.formula is None}
        widths = [min(max(c.width, max((len(str(v)) for v in values[col] if v), default=0) + 2), WIDEST)
                  if col in text_columns else c.width for col, c in enumerate(STAFF_COLUMNS)]
        self._table(sheet, 0, STAFF_HEADINGS, widths, self.staff_count, "Staff")
        formats = [self.f[c.kind] if c.formula else
                   (self._input(c.kind) if c.kind in ("hours", "date", "number") else self.f["wrap"])
                   for c in STAFF_COLUMNS]
        for r in range(1, self.staff_count + 1):
            lines = 1
            for col, column in enumerate(STAFF_COLUMNS):
                value = values[col][r - 1]
                if col in text_columns and value and len(str(value)) > widths[col] - 2:
                    lines = max(lines, _lines(value, widths[col]))
                if column.formula is None:
                    write_cell(sheet, r, col, value, formats[col])
                else:
                    write_formula(sheet, r, col, STAFF_FORMULAS[column.heading].format(row=r + 1), value,
                                  formats[col])
            if lines > 1:
                sheet.set_row(r, 15 * lines)

    def staff_range(self, heading: str) -> str:
        return _staff_ref(heading, 2, max(self.last_row, 2))

    # -- KPIs -------------------------------------------------------------------------------------
    def _kpis(self, sheet) -> None:
        rng, kpis = self.staff_range, self.tables.kpis
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 4, 14)
        sheet.set_column(5, 7, 13)  # two of them hold "Leadership and management" (the four pillars)
        sheet.write_string(0, 0, "Key performance indicators", self.f["title"])
        rows = [
            ("Staff with a job plan", f"=COUNTA({rng('File')})", kpis["staff"], None),
            ("WTE", f"=SUM({rng('WTE')})", kpis["wte"], "wte"),
            (f"Plans signed off in the last {self.params.active_plan_months} months (active)",
             f'=COUNTIF({rng("Sign-off status")},"Active")', kpis["active"], None),
            ("% of staff with an active job plan", "=IF(B3>0,B5/B3,0)", _value(kpis["active_pct"], 0), "percent"),
            ("Target", "=active_plan_target", kpis["active_plan_target"], "percent"),
            ("Planned hours a week", f"=SUM({rng('Job plan hours')})", kpis["planned_hours"], "hours"),
            ("DCC share of planned hours", f"=IF(B8>0,SUM({rng('DCC hours')})/B8,0)", _value(kpis["dcc_share"], 0),
             "percent"),
            ("DCC : SPA ratio", f'=IF(SUM({rng("SPA hours")})>0,SUM({rng("DCC hours")})/SUM({rng("SPA hours")}),"")',
             _value(kpis["dcc_spa_ratio"]), "ratio"),
        ]
        for i, (label, formula, value, kind) in enumerate(rows, start=2):
            if label.startswith("Plans signed off in the last"):
                # the label follows a new active_plan_months typed on Assumptions, as the count does
                write_formula(sheet, i, 0, '="Plans signed off in the last "&active_plan_months&" months (active)"',
                              label)
            else:
                sheet.write_string(i, 0, label, self.f[None])
            write_formula(sheet, i, 1, formula, value, self.f[kind])
        # red / amber / green against the target: above it green, within 10 points amber, else red
        sheet.conditional_format("B6", {"type": "formula", "criteria": "=B6>active_plan_target",
                                        "format": self.f["green"]})
        sheet.conditional_format("B6", {"type": "formula", "criteria": "=B6>=active_plan_target-0.1",
                                        "format": self.f["amber"]})
        sheet.conditional_format("B6", {"type": "formula", "criteria": "=B6<active_plan_target-0.1",
                                        "format": self.f["red"]})
        sheet.write_string(5, 2, "green above the target, amber within 10 points of it, red below", self.f[None])
        # a blank row between the tables; the four pillars beside the capacity table (five rows each), so a
        # printed page never parts the pillars' title from their table at the foot of the sheet
        row = self._capacity(sheet, 12)
        self._pillars(sheet, 12, col=5)
        row = self._by_group(sheet, row + 3)
        row = self._by_team(sheet, row + 3)
        row = self._delivered(sheet, row + 3)
        self._delivered_by_group(sheet, row + 3)

    def _capacity(self, sheet, top: int) -> int:
        """Annual capacity by category, in hours and in WTE (the team's WTE split by its capacity mix)."""
        rng, capacity = self.staff_range, self.tables.capacity
        sheet.write_string(top - 1, 0, "Annual capacity by category (productive hours: after leave, bank holidays, "
                                       "study days and sickness)", self.f["bold"])
        headings = ["Category", "Hours a week", "Productive hours a year", "WTE"]
        for col, heading in enumerate(headings):
            sheet.write_string(top, col, heading, self.f["heading"])
        sheet.set_row(top, 30)
        for i, category in enumerate(CATEGORIES, start=top + 1):
            figures = capacity.loc[category]
            sheet.write_string(i, 0, category, self.f[None])
            write_formula(sheet, i, 1, f"=SUM({rng(f'{category} hours')})", figures["weekly_hours"], self.f["hours"])
            write_formula(sheet, i, 2, f"=SUM({rng(ANNUAL_BY_CATEGORY[category])})", figures["annual_hours"],
                          self.f["hours"])
            productive_sum = f"SUM({rng('Productive hours a year')})"
            write_formula(sheet, i, 3, f"=IF({productive_sum}>0,C{i + 1}/{productive_sum}*SUM({rng('WTE')}),0)",
                          figures["wte"], self.f["wte"])
        total = top + 1 + len(CATEGORIES)
        sheet.write_string(total, 0, "Total", self.f["bold"])
        for col, key in ((1, "weekly_hours"), (2, "annual_hours"), (3, "wte")):
            letter = xl_col_to_name(col)
            write_formula(sheet, total, col, f"=SUM({letter}{top + 2}:{letter}{total})", capacity.loc["Total", key],
                          self.f["wte" if col == 3 else "hours"])
        self.capacity_rows = (top + 1, total - 1)
        return total

    def _by_group(self, sheet, top: int) -> int:
        """DCC share of planned hours by professional group (method.md §6)."""
        return self._grouped(sheet, top, "DCC share of planned hours by professional group", "Professional group",
                             self.tables.by_group)

    def _by_team(self, sheet, top: int) -> int:
        """The same by team: NHS England asks for the KPIs by team and professional group."""
        return self._grouped(sheet, top, "DCC share of planned hours and active plans by team", "Team",
                             self.tables.by_team)

    def _grouped(self, sheet, top: int, title: str, heading: str, table: pd.DataFrame) -> int:
        """One row per group of ``table`` (team.grouped_kpis), each figure a formula over the Staff column
        ``heading``; Excel's COUNTIF and SUMIF ignore case, as the grouping in team.py does."""
        rng = self.staff_range
        sheet.write_string(top - 1, 0, title, self.f["bold"])
        for col, text in enumerate([heading, "Staff", "WTE", "Planned hours a week", "DCC hours a week", "DCC share",
                                    "Active plans", "% active"]):
            sheet.write_string(top, col, text, self.f["heading"])
        sheet.set_row(top, 30)
        row = top
        for row, (group, figures) in enumerate(table.iterrows(), start=top + 1):
            key = xl_rowcol_to_cell(row, 0)
            sheet.write_string(row, 0, cell_text(group), self.f[None])
            write_formula(sheet, row, 1, f"=COUNTIF({rng(heading)},{key})", figures["staff"])
            write_formula(sheet, row, 2, f"=SUMIF({rng(heading)},{key},{rng('WTE')})", figures["wte"], self.f["wte"])
            write_formula(sheet, row, 3, f"=SUMIF({rng(heading)},{key},{rng('Job plan hours')})",
                          figures["planned_hours"], self.f["hours"])
            write_formula(sheet, row, 4, f"=SUMIF({rng(heading)},{key},{rng('DCC hours')})",
                          figures["dcc_hours"], self.f["hours"])
            write_formula(sheet, row, 5, f'=IF(D{row + 1}>0,E{row + 1}/D{row + 1},"")',
                          _value(figures["dcc_share"]), self.f["percent"])
            write_formula(sheet, row, 6, f'=COUNTIFS({rng(heading)},{key},{rng("Sign-off status")},"Active")',
                          figures["active"])
            write_formula(sheet, row, 7, f'=IF(B{row + 1}>0,G{row + 1}/B{row + 1},"")',
                          _value(figures["active_pct"]), self.f["percent"])
        return row

    def _delivered(self, sheet, top: int) -> int:
        """Planned vs delivered hours, over the people whose delivered hours were supplied."""
        rng, kpis = self.staff_range, self.tables.kpis
        sheet.write_string(top - 1, 0, "Planned vs delivered hours", self.f["bold"])
        if not kpis["delivered_staff"]:
            sheet.write_string(top, 0, "No delivered hours were supplied (put a delivered.csv with Name and "
                                       "Delivered hours beside the job plans).", self.f["wrap"])
            return top
        rows = [
            ("Staff with delivered hours", f"=COUNT({rng('Delivered hours')})", kpis["delivered_staff"], None),
            ("Delivered hours a week", f"=SUM({rng('Delivered hours')})", kpis["delivered_hours"], "hours"),
            ("Planned hours a week of the same staff",
             f'=SUMIF({rng("Delivered hours")},"<>",{rng("Job plan hours")})', kpis["delivered_planned_hours"],
             "hours"),
            ("Planned vs delivered %", f'=IF(B{top + 3}>0,B{top + 2}/B{top + 3},"")',
             _value(kpis["delivered_pct"]), "percent"),
        ]
        for i, (label, formula, value, kind) in enumerate(rows):
            sheet.write_string(top + i, 0, label, self.f[None])
            write_formula(sheet, top + i, 1, formula, value, self.f[kind])
        return top + len(rows) - 1

    def _delivered_by_group(self, sheet, top: int) -> int:
        """Planned vs delivered hours by professional group, as the percentage variance (delivered / planned - 1)
        the NHS England toolkit reports."""
        table = self.tables.delivered_by_group
        if table.empty:
            return top - 2
        rng = self.staff_range
        group, delivered = rng("Professional group"), rng("Delivered hours")
        sheet.write_string(top - 1, 0, "Planned vs delivered hours by professional group", self.f["bold"])
        for col, text in enumerate(["Professional group", "Staff with delivered hours", "Planned hours a week",
                                    "Delivered hours a week", "Variance %"]):
            sheet.write_string(top, col, text, self.f["heading"])
        sheet.set_row(top, 30)
        row = top
        for row, (label, figures) in enumerate(table.iterrows(), start=top + 1):
            key = xl_rowcol_to_cell(row, 0)
            sheet.write_string(row, 0, label, self.f[None])
            write_formula(sheet, row, 1, f'=COUNTIFS({group},{key},{delivered},"<>")', figures["staff"])
            write_formula(sheet, row, 2, f'=SUMIFS({rng("Job plan hours")},{group},{key},{delivered},"<>")',
                          figures["planned_hours"], self.f["hours"])
            write_formula(sheet, row, 3, f"=SUMIF({group},{key},{delivered})", figures["delivered_hours"],
                          self.f["hours"])
            write_formula(sheet, row, 4, f'=IF(C{row + 1}>0,D{row + 1}/C{row + 1}-1,"")',
                          _value(figures["variance_pct"]), self.f["points_pct"])
        return row

    def _pillars(self, sheet, top: int, col: int = 0) -> int:
        """The team's planned hours by the four pillars of practice, from column ``col``. The pillar of each
        activity line is not on Staff, so these are the figures as read, not formulas: they do not follow edits
        to Staff (said under the table)."""
        totals = self.tables.pillar_totals
        sheet.write_string(top - 1, col, "Hours a week by the four pillars", self.f["bold"])
        # the pillar over two columns: "Leadership and management" is wider than one
        sheet.merge_range(top, col, top, col + 1, "Pillar", self.f["heading"])
        sheet.write_string(top, col + 2, "Hours a week", self.f["heading"])
        for row, pillar in enumerate(PILLAR_COLUMNS, start=top + 1):
            sheet.merge_range(row, col, row, col + 1, pillar[:1].upper() + pillar[1:], self.f[None])
            sheet.write_number(row, col + 2, float(totals[pillar]), self.f["hours"])
        last = top + len(PILLAR_COLUMNS)
        sheet.write_string(last + 1, col, "As read from the plans: not recalculated.", self.f[None])
        return last + 1

    # -- Consistency panel ------------------------------------------------------------------------
    def _consistency(self, sheet) -> None:
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 6, 14)
        sheet.set_column(2, 2, 16)
        sheet.set_column(6, 6, 18)  # "Agreed variance until" in two lines
        sheet.write_string(0, 0, "Consistency: each plan's DCC % against its band's expected DCC %", self.f["title"])
        bands = self.tables.band_medians
        top = 2
        for col, heading in enumerate(["Band", "Expected DCC %"]):
            sheet.write_string(top, col, heading, self.f["heading"])
        sheet.merge_range(top, 2, top, 5, "From", self.f["heading"])
        sheet.set_row(top, 30)  # "Expected DCC %" takes two lines
        rng = self.staff_range
        for row, (band, figures) in enumerate(bands.iterrows(), start=top + 1):
            sheet.write_string(row, 0, cell_text(band), self.f[None])
            key = xl_rowcol_to_cell(row, 0)
            expected = _value(figures["expected_dcc_pct"])
            if not pd.isna(figures["configured_dcc_pct"]):
                name = defined_name(f"expected_dcc_pct.{normalise_band(band)}")
                write_formula(sheet, row, 1, f"={name}", expected, self.f["percent"])
            else:
                # the median only from consistency_min_plans plans or more (team.expected_dcc)
                mine = f'({rng("Band")}={key})*({rng("Job plan hours")}>0)'
                sheet.write_array_formula(
                    row, 1, row, 1,
                    f'{{=IF(SUM({mine})>=consistency_min_plans,IFERROR(MEDIAN(IF({mine},{rng("DCC %")})),""),"")}}',
                    self.f["percent"], expected)
            # across the columns the plans' table uses below, wrapped: the "no expected value" text is long
            sheet.merge_range(row, 2, row, 5, cell_text(figures["source"]), self.f["wrap"])
            sheet.set_row(row, 15 * _lines(figures["source"], 16 + 14 * 3))
        band_table = f"$A${top + 2}:$B${top + 1 + max(len(bands), 1)}"
        people_top = top + len(bands) + 3
        sheet.write_string(people_top - 1, 0, "Plans further from their band's expected DCC % than the consistency "
                                              "tolerance (on Assumptions) come first, for the panel to review.",
                           self.f["bold"])
        headings = ["Name", "Band", "DCC %", "Expected DCC %", "Difference (points)", "Panel", "Agreed variance until",
                    "Agreed variance (jobplan.toml)"]
        sheet.set_column(7, 7, 60)
        for col, heading in enumerate(headings):
            sheet.write_string(people_top, col, heading, self.f["heading"])
        sheet.set_row(people_top, 30)
        # the panel's order and every figure: team.consistency
        ordered = self.tables.consistency
        columns = {name: _cells(ordered[name], "") for name in ("name", "band", "dcc_pct", "expected_dcc_pct",
                                                                 "difference_points", "panel", "agreed_on",
                                                                 "agreed_until", "agreed_variance")}
        self.consistency_rows = (people_top + 1, people_top + len(ordered))
        for i, index in enumerate(ordered.index):
            row, staff_row = people_top + 1 + i, index + 2
            r = row + 1
            write_formula(sheet, row, 0, f'={staff("Name", staff_row)}&""', columns["name"][i])
            write_formula(sheet, row, 1, f'={staff("Band", staff_row)}&""', columns["band"][i])
            write_formula(sheet, row, 2, f"={staff('DCC %', staff_row)}", columns["dcc_pct"][i], self.f["percent"])
            write_formula(sheet, row, 3, f'=IFERROR(VLOOKUP(B{r},{band_table},2,FALSE),"")',
                          columns["expected_dcc_pct"][i], self.f["percent"])
            write_formula(sheet, row, 4, f'=IF(OR(C{r}="",D{r}=""),"",(C{r}-D{r})*100)',
                          columns["difference_points"][i], self.f["points"])
            agreed_on, described = columns["agreed_on"][i], columns["agreed_variance"][i]
            if described:
                # the panel's agreement, in force from agreed_on to until: "Agreed variance" while it holds
                write_cell(sheet, row, 6, columns["agreed_until"][i], self._input("date"))
                write_cell(sheet, row, 7, described, self.f["wrap"])
                sheet.set_row(row, 15 * _lines(described, 60))
                until = (f'IF(AND(G{r}<>"",G{r}>=as_of_date,DATE({agreed_on.year},{agreed_on.month},{agreed_on.day})'
                         f'<=as_of_date),"Agreed variance","Review")')
            else:
                until = '"Review"'
            write_formula(sheet, row, 5, f'=IF(C{r}="","",IF(D{r}="","No expected value",'
                                         f'IF(ABS(E{r})>consistency_tolerance*100+0.000000001,'
                                         f'{until},"Within tolerance")))', columns["panel"][i])
        if len(ordered):
            first, last = self.consistency_rows
            sheet.conditional_format(first, 5, last, 5, {"type": "cell", "criteria": "==",
                                                         "value": '"Review"', "format": self.f["amber"]})
        sheet.freeze_panes(people_top + 1, 0)

    # -- charts ---------------------------------------------------------------------------------
    def _charts(self, sheet) -> None:
        """One landscape page: hours per person against their contract across the top, the team's mix and DCC %
        against the band's expected value below (pixel sizes: 64 px a column, 20 px a row)."""
        sheet.write_string(0, 0, "Charts: the figures on Staff, KPIs and Consistency", self.f["title"])
        if not self.staff_count:
            return
        last = self.last_row
        many = self.staff_count
        colours = {"DCC": "#2F5597", "SPA": "#70AD47", "ANR": "#FFC000", "ED": "#A5A5A5"}
        name_col = xl_col_to_name(STAFF_HEADINGS.index("Name"))
        names = f"=Staff!${name_col}$2:${name_col}${last}"
        width = 1280
        bars = self.book.add_chart({"type": "column", "subtype": "stacked"})
        for category in CATEGORIES:
            col = xl_col_to_name(STAFF_HEADINGS.index(f"{category} hours"))
            bars.add_series({"name": category, "categories": names, "values": f"=Staff!${col}$2:${col}${last}",
                             "fill": {"color": colours[category]}, "gap": 60})
        contracted = self.book.add_chart({"type": "line"})
        col = xl_col_to_name(STAFF_HEADINGS.index("Contracted hours"))
        contracted.add_series({"name": "Contracted hours", "categories": names,
                               "values": f"=Staff!${col}$2:${col}${last}", "line": {"none": True},
                               "marker": {"type": "dash", "size": 14 if many <= 30 else 8,
                                          "fill": {"color": "#C00000"}, "border": {"color": "#C00000"}}})
        bars.combine(contracted)
        bars.set_title({"name": "Planned hours a week by category, per person, against contracted hours (red)",
                        "name_font": {"size": 12}})
        bars.set_y_axis({"name": "Hours a week", "min": 0, "major_gridlines": {"visible": True}})
        bars.set_x_axis({"num_font": {"rotation": -45 if many > 8 else 0, "size": 9}})
        bars.set_legend({"position": "bottom"})
        bars.set_size({"width": width, "height": 500})
        sheet.insert_chart("A3", bars)

        first, total_minus_one = self.capacity_rows
        pie = self.book.add_chart({"type": "pie"})
        # the category names in the legend and only the share on each slice; a slice under 3 % gets no label:
        # two of them side by side would print on top of each other (the KPIs sheet has every figure)
        weekly = [float(_value(self.tables.capacity.loc[c, "weekly_hours"], 0)) for c in CATEGORIES]
        whole = sum(weekly) or 1
        pie.add_series({"name": "The team's planned hours by category",
                        "categories": f"=KPIs!$A${first + 1}:$A${total_minus_one + 1}",
                        "values": f"=KPIs!$B${first + 1}:$B${total_minus_one + 1}",
                        "data_labels": {"percentage": True, "position": "best_fit", "leader_lines": True,
                                        "num_format": "0%", "font": {"size": 10},
                                        "custom": [{"delete": True} if hours / whole < 0.03 else None
                                                   for hours in weekly]},
                        "points": [{"fill": {"color": colours[c]}} for c in CATEGORIES]})
        pie.set_title({"name": "The team's planned hours by category", "name_font": {"size": 12}})
        pie.set_legend({"position": "right", "font": {"size": 10}})
        pie.set_size({"width": 440, "height": 480})
        sheet.insert_chart("A29", pie)

        top, bottom = self.consistency_rows
        column = self.book.add_chart({"type": "column"})
        column.add_series({"name": "DCC %", "categories": f"=Consistency!$A${top + 1}:$A${bottom + 1}",
                           "values": f"=Consistency!$C${top + 1}:$C${bottom + 1}",
                           "fill": {"color": colours["DCC"]}, "gap": 60})
        expected = self.book.add_chart({"type": "line"})
        expected.add_series({"name": "Expected DCC % for the band",
                             "categories": f"=Consistency!$A${top + 1}:$A${bottom + 1}",
                             "values": f"=Consistency!$D${top + 1}:$D${bottom + 1}",
                             "line": {"none": True},
                             "marker": {"type": "diamond", "size": 9, "fill": {"color": "#C00000"},
                                        "border": {"color": "#FFFFFF"}}})
        column.combine(expected)
        column.set_title({"name": "DCC % against the band's expected DCC % (plans for review first)",
                          "name_font": {"size": 12}})
        column.set_y_axis({"num_format": "0%", "min": 0, "max": 1, "name": "DCC share of the job plan"})
        column.set_x_axis({"num_font": {"rotation": -45 if many > 8 else 0, "size": 9}})
        column.set_legend({"position": "bottom"})
        column.set_size({"width": width - 448 - 16, "height": 480})
        sheet.insert_chart("H29", column, {"x_offset": 16})
        sheet.print_area(0, 0, 52, 19)  # the charts, to fill one landscape page (write() fits it to one)

    # -- Findings -------------------------------------------------------------------------------
    def _findings(self, sheet) -> None:
        table = self.tables.findings
        # the File column as wide as its longest name (up to WIDEST, then wrapped): it never runs into Sheet
        file_width = min(max([16] + [len(str(f)) + 2 for f in table["file"].dropna()]), WIDEST)
        columns = [("File", file_width), ("Sheet", 14), ("Cell", 7), ("Severity", 9), ("Message", 64),
                   ("What to do", 48)]
        # most serious first (severity is an ordered category), then by file; as found within that
        table = (table.assign(_file=table["file"].str.casefold())
                 .sort_values(["severity", "_file"], kind="stable"))
        findings = [_cells(table[key].astype("string"), "")
                    for key in ("file", "sheet", "cell", "severity", "message", "action")]
        self._table(sheet, 0, [c for c, _ in columns], [w for _, w in columns], len(table), "Findings")
        annotated = self.info.annotated
        for row, values in enumerate(zip(*findings), start=1):
            file = values[0]
            for col, value in enumerate(values):
                if col == 0 and file in annotated and len(file) < MAX_LINK_NAME and "#" not in file \
                        and xml_safe(file) == file:
                    # a link to the annotated copy, which has a comment on the cell; the text is the file's own
                    # name, so a summary emailed without the annotated folder still says which workbook it is
                    sheet.write_url(row, 0, f"external:annotated/{file}", self.f["link"], cell_text(file),
                                    "Opens the annotated copy in the annotated folder beside this summary")
                else:
                    write_cell(sheet, row, col, value or None, self.f["wrap"])
            sheet.set_row(row, 15 * max(_lines(v, w) for v, (_h, w) in zip(values, columns)))

    # -- Read me ----------------------------------------------------------------------------------
    def _readme(self, sheet) -> None:
        info = self.info
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 100)
        lines = [
            ("Job plan team summary", None),
            ("Team folder", str(info.folder)),
            ("As of", self.as_of),
            ("Written", datetime.now().replace(microsecond=0)),
            ("People", f"{self.staff_count} job plan(s) read from {len(info.inputs)} workbook(s)"),
            ("Teams", ", ".join(self.tables.by_team.index) or "none"),
            ("", None),
            ("Sheet", "What it holds"),
            ("Staff", "One row per person. Yellow cells are inputs read from the job plans (contracted hours, weekly "
                      "hours by category, leave days, sign-off date); every other figure is a formula."),
            ("KPIs", "Staff, WTE, % with an active job plan against the target, DCC share and DCC : SPA ratio, "
                     "productive hours a year by category, DCC share and active plans by professional group and by "
                     "team, planned vs delivered hours (by professional group too), hours by the four pillars."),
            ("Consistency", "Each plan's DCC % against its band's expected DCC % (set in jobplan.toml, or the median "
                            f"of the band's plans when it has at least {self.params.consistency_min_plans}); plans "
                            "outside the tolerance first, for the panel. Each of those is on Findings too, unless "
                            "the panel has agreed the variance."),
            ("Changes", "With --previous: what changed since last time's summary (starters, leavers, each person's "
                        "hours and DCC %, plans the same as last time or not signed off again, capacity by category)."),
            ("Capacity", "With a demand.csv, or plans that estimate patients: planned DCC hours against demand per team "
                         "or group, the gap in hours and WTE, and planned patients a week."),
            ("Charts", "Hours by category per person against their contracted hours, the team's mix, and each "
                       "plan's DCC % against its band's expected value."),
            ("Findings", "Every problem found, with its file, sheet and cell and what to do. A file name opens the "
                         "annotated copy (in the annotated folder beside this summary), where the cell carries a "
                         "comment; with this summary alone, open the person's own workbook at that sheet and cell."),
            ("Assumptions", "Every figure the arithmetic uses, each a named cell, with its name in jobplan.toml."),
            ("", None),
            ("Changing an assumption", "Type a new value in a yellow Value cell on Assumptions (say Sickness "
                                       "absence 5%): every productive-hours figure, KPI and chart follows. A "
                                       "person's yellow cells on Staff can be changed the same way. This workbook "
                                       "is written afresh by every run: to keep a change, put it in jobplan.toml "
                                       "in the team's folder."),
            ("", None),
            ("Workbooks read", ", ".join(info.inputs) or "none"),
        ]
        for row, (label, value) in enumerate(lines):
            fmt = self.f["title"] if row == 0 else self.f["bold"]
            if label:
                sheet.write_string(row, 0, label, fmt)
            if isinstance(value, datetime):
                sheet.write_datetime(row, 1, value, self.book.add_format({"num_format": "dd/mm/yyyy hh:mm",
                                                                          "align": "left"}))
            elif isinstance(value, date):
                write_formula(sheet, row, 1, "=as_of_date", value, self.book.add_format(
                    {"num_format": "dd/mm/yyyy", "align": "left"}))
            elif value is not None:
                sheet.write_string(row, 1, cell_text(value), self.f["bold"] if label == "Sheet" else self.f["wrap"])
                sheet.set_row(row, 15 * _lines(value, 100))


def _lines(text: Any, width: float) -> int:
    """How many lines wrapped text takes in a column ``width`` characters wide (xlsxwriter cannot autofit
    heights, and LibreOffice keeps the default height, so wrapped rows would overlap)."""
    return sum(max(1, math.ceil(len(part) / max(width - 1, 1))) for part in str(text).split("\n"))


def _footer_text(text: str) -> str:
    """Header/footer codes start with '&': a folder named 'A&E' must print as it is."""
    return text.replace("&", "&&")


def write_summary(tables: TeamTables, info: SummaryInfo, path: Path) -> None:
    """team-summary.xlsx from a run's team tables, written atomically."""
    with atomic_path(path) as tmp:
        book = new_workbook(tmp)
        SummaryWriter(tables, info, book).write()
        book.close()
