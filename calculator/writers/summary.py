"""The team summary workbook a manager emails to the job planning committee."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..checks import Person
from ..params import assumption_rows
from .atomic import atomic_path

if TYPE_CHECKING:
    from ..run import RunResult

# Staff sheet: heading -> (how wide, number format, the person's value)
STAFF_COLUMNS: list[tuple[str, int, str | None, Callable[[Person], Any]]] = [
    ("Name", 24, None, lambda p: p.plan.name),
    ("File", 28, None, lambda p: p.plan.file),
    ("Template", 18, None, lambda p: p.plan.template),
    ("Band", 8, None, lambda p: p.plan.band),
    ("Professional group", 20, None, lambda p: p.plan.professional_group),
    ("Contracted hours", 11, "hours", lambda p: p.contracted_hours),
    ("Job plan hours", 11, "hours", lambda p: p.job_plan_hours),
    ("DCC hours", 10, "hours", lambda p: p.hours.DCC),
    ("SPA hours", 10, "hours", lambda p: p.hours.SPA),
    ("ANR hours", 10, "hours", lambda p: p.hours.ANR),
    ("ED hours", 10, "hours", lambda p: p.hours.ED),
    ("DCC %", 9, "percent", lambda p: p.dcc_pct if p.job_plan_hours else None),
    ("Productive hours", 12, "hours", lambda p: p.productive and p.productive.productive_hours),
    ("Annual DCC hours", 12, "hours", lambda p: p.productive and p.annual.DCC),
    ("Unavailable %", 12, "percent", lambda p: p.productive and p.productive.unavailable_pct),
    ("Headroom uplift %", 12, "percent", lambda p: p.productive and p.productive.headroom_uplift),
    ("Sign-off", 12, "date", lambda p: p.plan.sign_off),
]
FINDINGS_COLUMNS = [("File", 28), ("Sheet", 14), ("Cell", 7), ("Severity", 9), ("Message", 70), ("What to do", 50)]
ASSUMPTIONS_COLUMNS = [("Parameter", 30), ("Value", 12), ("Unit", 18), ("Meaning", 70)]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


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


def write_summary(result: "RunResult", path: Path) -> None:
    """team-summary.xlsx: Staff, Findings and Assumptions sheets, written atomically."""
    with atomic_path(path) as tmp:
        book = new_workbook(tmp)
        formats = {
            "heading": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                        "valign": "top"}),
            "hours": book.add_format({"num_format": "0.00", "valign": "top"}),
            "percent": book.add_format({"num_format": "0.0%", "valign": "top"}),
            "date": book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "number": book.add_format({"num_format": "0.######", "valign": "top"}),
            None: book.add_format({"valign": "top"}),
        }
        footer = f"&L{result.folder.name}&CAs of {result.as_of:%d/%m/%Y}&RPage &P of &N"
        for sheet in (_write_staff(book, formats, result.people), _write_findings(book, formats, result),
                      _write_assumptions(book, formats, result)):
            sheet.set_landscape()
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)
            sheet.repeat_rows(0)
            sheet.set_footer(footer)
        book.set_properties({"title": "Job plan team summary", "subject": f"Job plans as of {result.as_of:%d/%m/%Y}",
                             "comments": "Written by jobplan"})
        book.close()


def _headings(sheet, formats, columns) -> None:
    lines = 1
    for col, (heading, width, *_rest) in enumerate(columns):
        sheet.write_string(0, col, heading, formats["heading"])
        sheet.set_column(col, col, width)
        lines = max(lines, _lines(heading, width))
    sheet.set_row(0, 15 * lines)
    sheet.freeze_panes(1, 0)


def _lines(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column ``width`` characters wide (xlsxwriter cannot autofit
    heights, and LibreOffice keeps the default height, so wrapped rows would overlap)."""
    return sum(max(1, math.ceil(len(part) / max(width - 1, 1))) for part in str(text).split("\n"))


def _write_staff(book, formats, people: list[Person]):
    sheet = book.add_worksheet("Staff")
    _headings(sheet, formats, STAFF_COLUMNS)
    for row, person in enumerate(people, start=1):
        for col, (_heading, _width, kind, value_of) in enumerate(STAFF_COLUMNS):
            write_cell(sheet, row, col, value_of(person), formats[kind])
    sheet.autofilter(0, 0, max(len(people), 1), len(STAFF_COLUMNS) - 1)
    return sheet


def _write_findings(book, formats, result: "RunResult"):
    sheet = book.add_worksheet("Findings")
    _headings(sheet, formats, FINDINGS_COLUMNS)
    findings = sorted(result.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.file.casefold()))
    for row, f in enumerate(findings, start=1):
        values = (f.file, f.sheet, f.cell, f.severity, f.message, f.action)
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value or None, formats["wrap"])
        sheet.set_row(row, 15 * max(_lines(v, w) for v, (_h, w) in zip(values, FINDINGS_COLUMNS)))
    sheet.autofilter(0, 0, max(len(findings), 1), len(FINDINGS_COLUMNS) - 1)
    return sheet


def _write_assumptions(book, formats, result: "RunResult"):
    sheet = book.add_worksheet("Assumptions")
    _headings(sheet, formats, ASSUMPTIONS_COLUMNS)
    for row, item in enumerate(assumption_rows(result.params), start=1):
        number = formats["percent"] if item.kind == "fraction" else formats["number"]
        for col, value in enumerate((item.name, item.value, item.unit, item.meaning)):
            write_cell(sheet, row, col, value, number if col == 1 else formats["wrap"])
        sheet.set_row(row, 15 * _lines(item.meaning, ASSUMPTIONS_COLUMNS[3][1]))
    return sheet
