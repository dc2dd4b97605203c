"""The team summary a manager emails to the job planning committee: itself a live calculator.

Each person's inputs on Staff are plain values (contracted hours, leave days, weekly hours by
category, sign-off date); every derived figure is an Excel formula over that row and the named
parameters on Assumptions (method.md §3, §4, §6), written with the value Python computed so
previews see numbers. A committee member who changes `sickness_rate`, or one person's hours,
sees every dependent figure, KPI and chart follow.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..checks import Person, band_expectations, consistency_difference, for_review, sign_off_status
from ..cycle import FINGERPRINT_HEADING, plan_fingerprint
from ..model import CATEGORIES
from ..params import AssumptionRow, Params, assumption_rows, normalise_band
from ..variances import variance_for
from .atomic import atomic_path

if TYPE_CHECKING:
    from ..run import RunResult

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# parameters that shape how the plans are read, not the figures worked out from them on Staff
APPLIED_WHEN_READING = {"sessions_per_full_time_week", "annual_leave_days", "hours_tolerance",
                        "integrated_clinical_share"}
NOT_GIVEN = "(not given)"
TABLE_STYLE = "Table Style Light 9"
# Excel refuses links longer than 255 characters, and '#' starts a link's place in the file: such file names
# are written as plain text
MAX_LINK_NAME = 200
# the widest a text column grows to fit its content (characters); longer text wraps
WIDEST = 45


# the functions our formulas use, none of which XlsxWriter rewrites for newer Excel versions
PLAIN_FUNCTIONS = frozenset({"ABS", "AND", "COUNT", "COUNTA", "COUNTIF", "DATE", "EDATE", "IF", "IFERROR", "MEDIAN", "N",
                             "OR", "SUM", "SUMIF", "VLOOKUP"})
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
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def write_formula(sheet, row: int, col: int, formula: str, value: Any, fmt=None) -> None:
    """A formula with the value Python computed, so previews, pandas and mail clients see it."""
    if isinstance(value, (date, datetime)):
        value = (value - date(1899, 12, 30)).days
    sheet.write_formula(row, col, formula, fmt, "" if value is None else value)


def defined_name(parameter: str) -> str:
    """The Excel name of a parameter's cell: 'annual_leave_days.5' is annual_leave_days_5."""
    return re.sub(r"[^A-Za-z0-9_]", "_", parameter)


# -- Staff --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One Staff column: a person's input value, or a formula over the row (``formula`` given)."""

    heading: str
    width: float
    kind: str | None  # number format: "hours", "percent", "date", or None
    value: Callable[[Person, Params, date], Any]
    formula: Callable[[Callable[[str], str]], str] | None = None


def _productive(p: Person):
    return p.productive


STAFF_COLUMNS: list[Column] = [
    Column("Name", 22, None, lambda p, *_: p.plan.name),
    Column("File", 26, None, lambda p, *_: p.plan.file),
    Column("Template", 16, None, lambda p, *_: p.plan.template),
    Column("Band", 9, None, lambda p, *_: p.plan.band),
    Column("Professional group", 18, None, lambda p, *_: p.plan.professional_group or NOT_GIVEN),
    Column("Contracted hours", 11, "hours", lambda p, *_: p.contracted_hours),
    Column("Job plan hours", 10, "hours", lambda p, *_: p.job_plan_hours,
           lambda c: f"=SUM({c('DCC hours')}:{c('ED hours')})"),
    Column("DCC hours", 9, "hours", lambda p, *_: p.hours.DCC),
    Column("SPA hours", 9, "hours", lambda p, *_: p.hours.SPA),
    Column("ANR hours", 9, "hours", lambda p, *_: p.hours.ANR),
    Column("ED hours", 9, "hours", lambda p, *_: p.hours.ED),
    Column("DCC %", 8, "percent", lambda p, *_: p.dcc_pct if p.job_plan_hours else "",
           lambda c: f'=IF({c("Job plan hours")}>0,{c("DCC hours")}/{c("Job plan hours")},"")'),
    # method.md §3: annual - leave, bank holidays and study days of H/5 hours - sickness and other leave
    Column("Productive hours a year", 12, "hours", lambda p, *_: p.productive.productive_hours if p.productive else "",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}*weeks_per_year'
                     f'*(1-sickness_rate-other_leave_rate)-{c("Contracted hours")}/5'
                     f'*({c("Leave days")}+bank_holiday_days+study_leave_days),"")'),
    Column("Annual DCC hours", 11, "hours", lambda p, *_: p.annual.DCC if p.productive else "",
           lambda c: _annual(c, "DCC hours")),
    Column("Unavailable %", 11, "percent", lambda p, *_: p.productive.unavailable_pct if p.productive else "",
           lambda c: f'=IF({c("Productive hours a year")}="","",'
                     f'1-{c("Productive hours a year")}/({c("Contracted hours")}*weeks_per_year))'),
    Column("Headroom uplift %", 11, "percent", lambda p, *_: p.productive.headroom_uplift if p.productive else "",
           lambda c: f'=IF({c("Productive hours a year")}="","",'
                     f'{c("Contracted hours")}*weeks_per_year/{c("Productive hours a year")}-1)'),
    Column("Sign-off", 11, "date", lambda p, *_: p.plan.sign_off),
    Column("Sign-off status", 13, None, lambda p, params, as_of: sign_off_status(p.plan.sign_off, params, as_of),
           lambda c: f'=IF({c("Sign-off")}="","No sign-off",IF({c("Sign-off")}>as_of_date,"Dated after as-of",'
                     f'IF({c("Sign-off")}>=EDATE(as_of_date,-active_plan_months),"Active","Expired")))'),
    Column("Leave days", 8, "number", lambda p, *_: p.leave_days),
    Column("WTE", 7, "wte", lambda p, params, _: p.contracted_hours / params.full_time_hours
           if p.contracted_hours else "",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}/full_time_hours,"")'),
    Column("Unallocated hours", 11, "hours", lambda p, *_: p.unallocated if p.unallocated is not None else "",
           lambda c: f'=IF(N({c("Contracted hours")})>0,{c("Contracted hours")}-{c("Job plan hours")},"")'),
    Column("Annual SPA hours", 11, "hours", lambda p, *_: p.annual.SPA if p.productive else "",
           lambda c: _annual(c, "SPA hours")),
    Column("Annual ANR hours", 11, "hours", lambda p, *_: p.annual.ANR if p.productive else "",
           lambda c: _annual(c, "ANR hours")),
    Column("Annual ED hours", 11, "hours", lambda p, *_: p.annual.ED if p.productive else "",
           lambda c: _annual(c, "ED hours")),
    Column("Delivered hours", 10, "hours", lambda p, *_: p.delivered_hours),
    # identifies the plan's content, so next year's run (--previous) can tell a plan copied forward
    Column(FINGERPRINT_HEADING, 14, None, lambda p, *_: plan_fingerprint(p)),
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


class SummaryWriter:
    """Writes team-summary.xlsx from a run's results; one instance per workbook."""

    def __init__(self, result: "RunResult", book):
        self.result = result
        self.params = result.params
        self.people = result.people
        self.book = book
        self.last_row = len(self.people) + 1  # Excel row of the last person on Staff
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
        footer = f"&L{_footer_text(self.result.folder.name)}&CAs of {self.result.as_of:%d/%m/%Y}&RPage &P of &N"
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
        staff.fit_to_pages(2, 0)  # 25 columns: two pages wide keeps the figures readable
        charts.fit_to_pages(1, 1)
        staff.repeat_columns(0)
        self.book.set_properties({
            "title": "Job plan team summary",
            "subject": f"Job plans of {self.result.folder.name} as of {self.result.as_of:%d/%m/%Y}",
            "comments": "Written by jobplan: the figures are formulas over the Assumptions sheet.",
        })
        self.book.set_custom_property("As of", datetime.combine(self.result.as_of, datetime.min.time()))

    def _cycle_sheets(self) -> None:
        """The job planning cycle's sheets, where the run has them: Changes (--previous), Capacity (demand.csv or
        planned patients)."""
        if getattr(self.result, "changes", None) is not None:
            from .changes import SHEET_NAME, write_changes

            write_changes(self, self.book.add_worksheet(SHEET_NAME, worksheet_class=self.worksheet_class),
                          self.result.changes)
        from .capacity import SHEET_NAME as CAPACITY, should_write, write_capacity

        demand = getattr(self.result, "demand", None)
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
        rows = [AssumptionRow("as_of_date", self.result.as_of, "date", "the date sign-offs are checked against: "
                              "the day of the run, or the date given with --as-of (not in jobplan.toml)", "date",
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
        # text columns as wide as their longest entry (up to WIDEST), so a file name never runs into the next
        # column; longer text wraps, its row made tall enough (xlsxwriter cannot fit row heights itself)
        widths = []
        for column in STAFF_COLUMNS:
            if column.kind is None and column.formula is None:
                longest = max((len(str(column.value(p, self.params, self.result.as_of) or "")) for p in self.people),
                              default=0)
                widths.append(min(max(column.width, longest + 2), WIDEST))
            else:
                widths.append(column.width)
        self._table(sheet, 0, STAFF_HEADINGS, widths, len(self.people), "Staff")
        formats = [self.f[c.kind] if c.formula else
                   (self._input(c.kind) if c.kind in ("hours", "date", "number") else self.f["wrap"])
                   for c in STAFF_COLUMNS]
        text_columns = {col for col, c in enumerate(STAFF_COLUMNS) if c.kind is None and c.formula is None}
        for r, person in enumerate(self.people, start=1):
            lines = 1
            for col, column in enumerate(STAFF_COLUMNS):
                value = column.value(person, self.params, self.result.as_of)
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
        people, rng = self.people, self.staff_range
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 4, 14)
        sheet.write_string(0, 0, "Key performance indicators", self.f["title"])
        staff = len(people)
        active = sum(sign_off_status(p.plan.sign_off, self.params, self.result.as_of) == "Active" for p in people)
        planned = sum(p.job_plan_hours for p in people)
        weekly = {c: sum(getattr(p.hours, c) for p in people) for c in CATEGORIES}
        wte = sum(p.contracted_hours / self.params.full_time_hours for p in people if p.contracted_hours)
        rows = [
            ("Staff with a job plan", f"=COUNTA({rng('File')})", staff, None),
            ("WTE", f"=SUM({rng('WTE')})", wte, "wte"),
            (f"Plans signed off in the last {self.params.active_plan_months} months (active)",
             f'=COUNTIF({rng("Sign-off status")},"Active")', active, None),
            ("% of staff with an active job plan", "=IF(B3>0,B5/B3,0)", active / staff if staff else 0, "percent"),
            ("Target", "=active_plan_target", self.params.active_plan_target, "percent"),
            ("Planned hours a week", f"=SUM({rng('Job plan hours')})", planned, "hours"),
            ("DCC share of planned hours", f"=IF(B8>0,SUM({rng('DCC hours')})/B8,0)",
             weekly["DCC"] / planned if planned else 0, "percent"),
            ("DCC : SPA ratio", f'=IF(SUM({rng("SPA hours")})>0,SUM({rng("DCC hours")})/SUM({rng("SPA hours")}),"")',
             weekly["DCC"] / weekly["SPA"] if weekly["SPA"] else "", "ratio"),
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
        row = self._capacity(sheet, 12)
        row = self._by_group(sheet, row + 3)  # a blank row between the tables
        self._delivered(sheet, row + 3)

    def _capacity(self, sheet, top: int) -> int:
        """Annual capacity by category, in hours and in WTE (the team's WTE split by its capacity mix)."""
        rng, people = self.staff_range, self.people
        sheet.write_string(top - 1, 0, "Annual capacity by category (productive hours: after leave, bank holidays, "
                                       "study days and sickness)", self.f["bold"])
        headings = ["Category", "Hours a week", "Productive hours a year", "WTE"]
        for col, heading in enumerate(headings):
            sheet.write_string(top, col, heading, self.f["heading"])
        sheet.set_row(top, 30)
        annual = {c: sum(getattr(p.annual, c) for p in people if p.productive) for c in CATEGORIES}
        productive = sum(p.productive.productive_hours for p in people if p.productive)
        wte = sum(p.contracted_hours / self.params.full_time_hours for p in people if p.contracted_hours)
        for i, category in enumerate(CATEGORIES, start=top + 1):
            sheet.write_string(i, 0, category, self.f[None])
            write_formula(sheet, i, 1, f"=SUM({rng(f'{category} hours')})",
                          sum(getattr(p.hours, category) for p in people), self.f["hours"])
            write_formula(sheet, i, 2, f"=SUM({rng(ANNUAL_BY_CATEGORY[category])})", annual[category],
                          self.f["hours"])
            productive_sum = f"SUM({rng('Productive hours a year')})"
            write_formula(sheet, i, 3, f"=IF({productive_sum}>0,C{i + 1}/{productive_sum}"
                                       f"*SUM({rng('WTE')}),0)",
                          annual[category] / productive * wte if productive else 0, self.f["wte"])
        total = top + 1 + len(CATEGORIES)
        sheet.write_string(total, 0, "Total", self.f["bold"])
        for col, values in ((1, sum(p.job_plan_hours for p in people)), (2, sum(annual.values())),
                            (3, sum(annual.values()) / productive * wte if productive else 0)):
            letter = xl_col_to_name(col)
            write_formula(sheet, total, col, f"=SUM({letter}{top + 2}:{letter}{total})", values,
                          self.f["wte" if col == 3 else "hours"])
        self.capacity_rows = (top + 1, total - 1)
        return total

    def _by_group(self, sheet, top: int) -> int:
        """DCC share of planned hours by professional group (method.md §6)."""
        rng = self.staff_range
        sheet.write_string(top - 1, 0, "DCC share of planned hours by professional group", self.f["bold"])
        for col, heading in enumerate(["Professional group", "Staff", "WTE", "Planned hours a week",
                                       "DCC hours a week", "DCC share"]):
            sheet.write_string(top, col, heading, self.f["heading"])
        sheet.set_row(top, 30)
        # Excel's COUNTIF and SUMIF ignore case, so "Nursing" and "nursing" are one group here too
        groups: dict[str, list[Person]] = {}
        for person in self.people:
            group = person.plan.professional_group or NOT_GIVEN
            groups.setdefault(group.casefold(), []).append(person)
        row = top
        for row, members in enumerate(sorted(groups.values(), key=lambda m: m[0].plan.professional_group
                                             or NOT_GIVEN), start=top + 1):
            group = members[0].plan.professional_group or NOT_GIVEN
            planned = sum(p.job_plan_hours for p in members)
            dcc = sum(p.hours.DCC for p in members)
            key = xl_rowcol_to_cell(row, 0)
            sheet.write_string(row, 0, group, self.f[None])
            write_formula(sheet, row, 1, f"=COUNTIF({rng('Professional group')},{key})", len(members))
            write_formula(sheet, row, 2, f"=SUMIF({rng('Professional group')},{key},{rng('WTE')})",
                          sum(p.contracted_hours / self.params.full_time_hours for p in members
                              if p.contracted_hours), self.f["wte"])
            write_formula(sheet, row, 3, f"=SUMIF({rng('Professional group')},{key},{rng('Job plan hours')})",
                          planned, self.f["hours"])
            write_formula(sheet, row, 4, f"=SUMIF({rng('Professional group')},{key},{rng('DCC hours')})",
                          dcc, self.f["hours"])
            write_formula(sheet, row, 5, f'=IF(D{row + 1}>0,E{row + 1}/D{row + 1},"")',
                          dcc / planned if planned else "", self.f["percent"])
        return row

    def _delivered(self, sheet, top: int) -> None:
        """Planned vs delivered hours, over the people whose delivered hours were supplied."""
        rng = self.staff_range
        supplied = [p for p in self.people if p.delivered_hours is not None]
        sheet.write_string(top - 1, 0, "Planned vs delivered hours", self.f["bold"])
        if not supplied:
            sheet.write_string(top, 0, "No delivered hours were supplied (put a delivered.csv with Name and "
                                       "Delivered hours beside the job plans).", self.f["wrap"])
            return
        delivered = sum(p.delivered_hours for p in supplied)
        planned = sum(p.job_plan_hours for p in supplied)
        rows = [
            ("Staff with delivered hours", f"=COUNT({rng('Delivered hours')})", len(supplied), None),
            ("Delivered hours a week", f"=SUM({rng('Delivered hours')})", delivered, "hours"),
            ("Planned hours a week of the same staff",
             f'=SUMIF({rng("Delivered hours")},"<>",{rng("Job plan hours")})', planned, "hours"),
            ("Planned vs delivered %", f'=IF(B{top + 3}>0,B{top + 2}/B{top + 3},"")',
             delivered / planned if planned else "", "percent"),
        ]
        for i, (label, formula, value, kind) in enumerate(rows):
            sheet.write_string(top + i, 0, label, self.f[None])
            write_formula(sheet, top + i, 1, formula, value, self.f[kind])

    # -- Consistency panel ------------------------------------------------------------------------
    def _consistency(self, sheet) -> None:
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 5, 14)
        sheet.set_column(2, 2, 16)
        sheet.write_string(0, 0, "Consistency: each plan's DCC % against its band's expected DCC %",
                           self.f["title"])
        bands = band_expectations(self.people, self.params)
        top = 2
        for col, heading in enumerate(["Band", "Expected DCC %"]):
            sheet.write_string(top, col, heading, self.f["heading"])
        sheet.merge_range(top, 2, top, 5, "From", self.f["heading"])
        sheet.set_row(top, 30)  # "Expected DCC %" takes two lines
        rng = self.staff_range
        for row, band in enumerate(bands.values(), start=top + 1):
            sheet.write_string(row, 0, band.band, self.f[None])
            key = xl_rowcol_to_cell(row, 0)
            if band.configured:
                name = defined_name(f"expected_dcc_pct.{normalise_band(band.band)}")
                write_formula(sheet, row, 1, f"={name}", band.expected, self.f["percent"])
            else:
                # the median only from consistency_min_plans plans or more, as checks.band_expectations
                mine = f'({rng("Band")}={key})*({rng("Job plan hours")}>0)'
                sheet.write_array_formula(
                    row, 1, row, 1,
                    f'{{=IF(SUM({mine})>=consistency_min_plans,IFERROR(MEDIAN(IF({mine},{rng("DCC %")})),""),"")}}',
                    self.f["percent"], "" if band.expected is None else band.expected)
            # across the columns the plans' table uses below, wrapped: the "no expected value" text is long
            sheet.merge_range(row, 2, row, 5, band.source, self.f["wrap"])
            sheet.set_row(row, 15 * _lines(band.source, 16 + 14 * 3))
        band_table = f"$A${top + 2}:$B${top + 1 + max(len(bands), 1)}"
        people_top = top + len(bands) + 3
        sheet.write_string(people_top - 1, 0, "Plans further from their band's expected DCC % than the consistency "
                                              "tolerance (on Assumptions) come first, for the panel to review.",
                           self.f["bold"])
        headings = ["Name", "Band", "DCC %", "Expected DCC %", "Difference (points)", "Panel", "Agreed variance until",
                    "Agreed variance (jobplan.toml)"]
        sheet.set_column(6, 6, 18)  # "Agreed variance until" in two lines
        sheet.set_column(7, 7, 60)
        for col, heading in enumerate(headings):
            sheet.write_string(people_top, col, heading, self.f["heading"])
        sheet.set_row(people_top, 30)
        ordered = []
        for index, person in enumerate(self.people):
            band = bands.get(person.plan.band.casefold()) if person.plan.band else None
            expected = band.expected if band else None
            diff = consistency_difference(person, bands)
            outside = for_review(diff, self.params)
            variance = variance_for(person.plan.name, self.params.agreed_variances)
            agreed = outside and variance is not None and variance.current(self.result.as_of)
            ordered.append((not outside or agreed, -abs(diff or 0), index, person, expected, diff, outside, variance))
        ordered.sort(key=lambda item: item[:3])
        self.consistency_rows = (people_top + 1, people_top + len(ordered))
        for row, (_, _, index, person, expected, diff, outside, variance) in enumerate(ordered, start=people_top + 1):
            staff_row = index + 2
            r = row + 1
            write_formula(sheet, row, 0, f'={staff("Name", staff_row)}&""', person.plan.name or "")
            write_formula(sheet, row, 1, f'={staff("Band", staff_row)}&""', person.plan.band or "")
            write_formula(sheet, row, 2, f"={staff('DCC %', staff_row)}",
                          person.dcc_pct if person.job_plan_hours else "", self.f["percent"])
            write_formula(sheet, row, 3, f'=IFERROR(VLOOKUP(B{r},{band_table},2,FALSE),"")',
                          "" if expected is None else expected, self.f["percent"])
            write_formula(sheet, row, 4, f'=IF(OR(C{r}="",D{r}=""),"",(C{r}-D{r})*100)',
                          "" if diff is None else diff, self.f["points"])
            if not person.job_plan_hours:
                panel = ""
            elif expected is None:
                panel = "No expected value"
            else:
                panel = "Review" if outside else "Within tolerance"
            if variance is not None:
                # the panel's agreement, in force from agreed_on to until: "Agreed variance" while it holds
                write_cell(sheet, row, 6, variance.until, self._input("date"))
                write_cell(sheet, row, 7, variance.describe(), self.f["wrap"])
                sheet.set_row(row, 15 * _lines(variance.describe(), 60))
                if panel == "Review" and variance.current(self.result.as_of):
                    panel = "Agreed variance"
                until = (f'IF(AND(G{r}<>"",G{r}>=as_of_date,DATE({variance.agreed_on.year},{variance.agreed_on.month},{variance.agreed_on.day})<=as_of_date),'
                         f'"Agreed variance","Review")')
            else:
                until = '"Review"'
            write_formula(sheet, row, 5, f'=IF(C{r}="","",IF(D{r}="","No expected value",'
                                         f'IF(ABS(E{r})>consistency_tolerance*100+0.000000001,'
                                         f'{until},"Within tolerance")))', panel)
        if ordered:
            first, last = self.consistency_rows
            sheet.conditional_format(first, 5, last, 5, {"type": "cell", "criteria": "==",
                                                         "value": '"Review"', "format": self.f["amber"]})
        sheet.freeze_panes(people_top + 1, 0)

    # -- charts ---------------------------------------------------------------------------------
    def _charts(self, sheet) -> None:
        """One landscape page: hours per person against their contract across the top, the team's mix and DCC %
        against the band's expected value below (pixel sizes: 64 px a column, 20 px a row)."""
        sheet.write_string(0, 0, "Charts: the figures on Staff, KPIs and Consistency", self.f["title"])
        if not self.people:
            return
        last = self.last_row
        many = len(self.people)
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
        # the category names are in the legend and only the share on each slice, outside it with a leader line,
        # so the small slices' labels (ANR, ED) do not sit on top of each other
        # a slice under 3 % gets no label: two of them side by side would print on top of each other (the KPIs
        # sheet has every figure)
        weekly = [sum(getattr(p.hours, c) for p in self.people) for c in CATEGORIES]
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
        findings = sorted(self.result.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.file.casefold()))
        # the File column as wide as its longest name (up to WIDEST, then wrapped): it never runs into Sheet
        file_width = min(max([16] + [len(f.file) + 2 for f in findings]), WIDEST)
        columns = [("File", file_width), ("Sheet", 14), ("Cell", 7), ("Severity", 9), ("Message", 64),
                   ("What to do", 48)]
        self._table(sheet, 0, [c for c, _ in columns], [w for _, w in columns], len(findings), "Findings")
        annotated = {path.name for path in self.result.annotated}
        for row, f in enumerate(findings, start=1):
            values = (f.file, f.sheet, f.cell, f.severity, f.message, f.action)
            for col, value in enumerate(values):
                if col == 0 and f.file in annotated and len(f.file) < MAX_LINK_NAME and "#" not in f.file:
                    # a link to the annotated copy, which has a comment on the cell; the text is the file's own
                    # name, so a summary emailed without the annotated folder still says which workbook it is
                    sheet.write_url(row, 0, f"external:annotated/{f.file}", self.f["link"], f.file,
                                    "Opens the annotated copy in the annotated folder beside this summary")
                else:
                    write_cell(sheet, row, col, value or None, self.f["wrap"])
            sheet.set_row(row, 15 * max(_lines(v, w) for v, (_h, w) in zip(values, columns)))

    # -- Read me ----------------------------------------------------------------------------------
    def _readme(self, sheet) -> None:
        result = self.result
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 100)
        lines = [
            ("Job plan team summary", None),
            ("Team folder", str(result.folder)),
            ("As of", result.as_of),
            ("Written", datetime.now().replace(microsecond=0)),
            ("People", f"{len(self.people)} job plan(s) read from {len(result.inputs)} workbook(s)"),
            ("", None),
            ("Sheet", "What it holds"),
            ("Staff", "One row per person. Yellow cells are inputs read from the job plans (contracted hours, weekly "
                      "hours by category, leave days, sign-off date); every other figure is a formula."),
            ("KPIs", "Staff, WTE, % with an active job plan against the target, DCC share and DCC : SPA ratio, "
                     "productive hours a year by category, DCC share by professional group, planned vs "
                     "delivered hours."),
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
            ("Workbooks read", ", ".join(path.name for path in result.inputs) or "none"),
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
                sheet.write_string(row, 1, value, self.f["bold"] if label == "Sheet" else self.f["wrap"])
                sheet.set_row(row, 15 * _lines(value, 100))


def _lines(text: Any, width: float) -> int:
    """How many lines wrapped text takes in a column ``width`` characters wide (xlsxwriter cannot autofit
    heights, and LibreOffice keeps the default height, so wrapped rows would overlap)."""
    return sum(max(1, math.ceil(len(part) / max(width - 1, 1))) for part in str(text).split("\n"))


def _footer_text(text: str) -> str:
    """Header/footer codes start with '&': a folder named 'A&E' must print as it is."""
    return text.replace("&", "&&")


def write_summary(result: "RunResult", path: Path) -> None:
    """team-summary.xlsx, written atomically."""
    with atomic_path(path) as tmp:
        book = new_workbook(tmp)
        SummaryWriter(result, book).write()
        book.close()
