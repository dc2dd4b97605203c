"""The annotated copy of a workbook: the original sheets exactly as they were, a note on every cell a
finding points to, and a sheet per person with the lines, totals and productive hours read from it.

An .xlsx or .xlsm is copied at the level of its package (calculator.ooxml): every part jobplan has no
reason to change is copied byte for byte, and only the workbook list, relationships, content types,
styles (appended to) and the notes of sheets with findings are rewritten. An .xls or .ods, or a package
that cannot be edited safely, is copied as a new .xlsx holding its sheets' values.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..checks import Person
from ..hours import job_planned_weeks
from ..model import CATEGORIES, Finding
from ..ooxml import (
    Cell,
    CellStyle,
    NewSheet,
    Note,
    Package,
    PackageError,
    add_notes,
    add_styles,
    append_sheet,
    free_sheet_name,
    sheets,
    uses_1904_dates,
    write_sheet,
)
from ..params import Params
from ..readers.workbook import EXCEL_SUFFIXES
from .atomic import atomic_path

COMMENT_AUTHOR = "jobplan"
SHEET_TITLE = "jobplan"
SHEET_WIDTHS = (50, 12, 14, 28, 14, 8, 60)  # columns A to G of the added sheet
INPUT_FILL = "FFF2CC"
HOURS = "0.00"
PERCENT = "0.0%"
UK_DATE = "dd/mm/yyyy"


@dataclass(frozen=True)
class CopyNote:
    """What the manager should know about how a copy was made (an info finding on the file)."""

    message: str
    action: str = ""


def write_annotated(source: Path, target: Path, people: list[Person], params: Params) -> list[CopyNote]:
    """Copy ``source`` to ``target`` with notes and a jobplan sheet per person; ``source`` is only read.

    Returns what the manager should know about the copy: what could not be kept or noted.
    """
    source = Path(source)
    notes: list[CopyNote] = []
    if source.suffix.lower() in EXCEL_SUFFIXES:
        try:
            with Package.open(source) as package:
                notes += _annotate(package, people, params, {})
                _save(package, target)
            return notes
        except PackageError as exc:
            notes.append(CopyNote(
                f"The annotated copy holds this workbook's values only, without its formatting, pictures or "
                f"controls: jobplan could not copy it exactly ({exc}). The workbook itself is unchanged.",
                "Open it in Excel and save it as an Excel Workbook (.xlsx) to get an exact copy next time."))
    values, renamed = _values_only(source)
    with Package(io.BytesIO(values)) as package:
        notes += _annotate(package, people, params, renamed)
        _save(package, target)
    return notes


def _save(package: Package, target: Path) -> None:
    with atomic_path(target) as tmp, open(tmp, "wb") as out:
        package.save(out)


def _annotate(package: Package, people: list[Person], params: Params, renamed: dict[str, str]) -> list[CopyNote]:
    """Notes on the finding cells and a sheet per person, added to ``package``."""
    existing = sheets(package)
    parts = {sheet.name: sheet.part for sheet in existing}
    person_sheets = [_person_sheet(person, params) for person in people]
    style_ids = add_styles(package, set().union(*(sheet.styles() for sheet in person_sheets)))
    date1904 = uses_1904_dates(package)
    taken = [sheet.name for sheet in existing]
    for person, sheet in zip(people, person_sheets):
        title = free_sheet_name(taken, SHEET_TITLE if len(people) == 1 else f"{SHEET_TITLE} {person.plan.sheet}")
        taken.append(title)
        append_sheet(package, title, write_sheet(sheet, style_ids, date1904))
    notes = []
    by_sheet: dict[str, dict[str, list[Note]]] = defaultdict(lambda: defaultdict(list))
    for finding in (f for person in people for f in person.findings):
        sheet_name = renamed.get(finding.sheet, finding.sheet)
        if finding.cell and parts.get(sheet_name):
            by_sheet[sheet_name][finding.cell].append(_note(finding))
    for sheet_name, cell_notes in by_sheet.items():
        try:
            skipped = add_notes(package, parts[sheet_name], cell_notes, COMMENT_AUTHOR)
        except PackageError as exc:
            skipped = list(cell_notes)
            notes.append(CopyNote(f"No notes were added to sheet '{sheet_name}' ({exc}); its findings are "
                                  "listed on the jobplan sheet of the copy."))
            continue
        if skipped:
            cells = ", ".join(skipped)
            notes.append(CopyNote(
                f"{'Cell' if len(skipped) == 1 else 'Cells'} {cells} of sheet '{sheet_name}' "
                f"{'holds a threaded comment' if len(skipped) == 1 else 'hold threaded comments'}, so jobplan's "
                "findings there are not added as notes: they are listed on the jobplan sheet of the copy."))
    return notes


def _note(finding: Finding) -> Note:
    text = finding.message + (f" {finding.action}" if finding.action else "")
    return Note(f"jobplan {finding.severity}", text, lines=len(text) // 45 + 1)


def _values_only(source: Path) -> tuple[bytes, dict[str, str]]:
    """A new .xlsx package of the workbook's values (text as text), and sheet names it had to change."""
    import xlsxwriter

    from ..readers.workbook import load_grids

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    date_format = book.add_format({"num_format": UK_DATE})
    time_format = book.add_format({"num_format": "hh:mm"})
    renamed: dict[str, str] = {}
    taken: list[str] = []
    for grid in load_grids(source):
        title = free_sheet_name(taken, "".join("_" if c in "[]:*?/\\" else c for c in grid.sheet).strip("'") or
                                "Sheet")
        taken.append(title)
        if title != grid.sheet:
            renamed[grid.sheet] = title
        sheet = book.add_worksheet(title)
        for (row, column), value in grid.values.items():
            _write_value(sheet, row - 1, column - 1, value, date_format, time_format)
    book.close()
    return buffer.getvalue(), renamed


def _write_value(sheet, row: int, column: int, value, date_format, time_format) -> None:
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif isinstance(value, (datetime, date)):
        sheet.write_datetime(row, column, value, date_format)
    elif isinstance(value, time):
        sheet.write_number(row, column, (value.hour * 3600 + value.minute * 60 + value.second) / 86400, time_format)
    elif isinstance(value, timedelta):
        sheet.write_number(row, column, value.total_seconds() / 86400, time_format)
    elif value is not None:
        sheet.write_string(row, column, str(value)[:32767])


def annotated_name(source: Path, taken: set[str]) -> str:
    """The copy's file name: the original's, as .xlsx for .xls and .ods; never one already taken."""
    suffix = source.suffix if source.suffix.lower() in EXCEL_SUFFIXES else ".xlsx"
    name, n = f"{source.stem}{suffix}", 2
    while name.casefold() in taken:
        name, n = f"{source.stem} ({n}){suffix}", n + 1
    taken.add(name.casefold())
    return name


# the added sheet's parameter inputs, with the plain words a committee reads
PARAMETER_INPUTS = {
    "weeks_per_year": ("Weeks in a year", "weeks"),
    "bank_holiday_days": ("Bank holidays a year", "days"),
    "study_leave_days": ("Study and mandatory training days a year", "days"),
    "sickness_rate": ("Sickness absence", "of hours"),
    "other_leave_rate": ("Other leave (parental and similar)", "of hours"),
    "full_time_hours": ("Full-time hours a week", "hours"),
}


def _calculator_rows(cell: dict[str, str], person: Person, params: Params) -> list[tuple[str, str, object, str]]:
    """The productive-hours calculator: (label, Excel formula over the input cells, the value Python worked
    out, number format). The formulas are method.md §3 as calculator/hours.py has it; tests prove the two
    agree in LibreOffice."""
    h, leave, annual = cell["contracted"], cell["leave"], cell["annual"]
    wpy, bank, study = cell["weeks_per_year"], cell["bank_holiday_days"], cell["study_leave_days"]
    productive, job_plan = cell["productive"], cell["job_plan"]
    year = person.productive

    def guarded(formula: str) -> str:
        return f'IF(N({h})>0,{formula},"")'

    def worked(name: str):
        return getattr(year, name) if year is not None else ""

    annual_dcc = person.annual.DCC if year is not None else ""
    return [
        ("WTE (whole-time equivalent)", guarded(f"{h}/{cell['full_time_hours']}"), worked("wte"), "0.00"),
        ("Contracted hours a year", guarded(f"{h}*{wpy}"), worked("annual_hours"), HOURS),
        ("Annual leave", guarded(f"{leave}*{h}/5"), worked("annual_leave_hours"), HOURS),
        ("Bank holidays", guarded(f"{bank}*{h}/5"), worked("bank_holiday_hours"), HOURS),
        ("Study leave", guarded(f"{study}*{h}/5"), worked("study_leave_hours"), HOURS),
        ("Sickness", guarded(f"{cell['sickness_rate']}*{annual}"), worked("sickness_hours"), HOURS),
        ("Other leave", guarded(f"{cell['other_leave_rate']}*{annual}"), worked("other_leave_hours"), HOURS),
        ("Productive hours a year", guarded(f"{annual}-{cell['annual_leave']}-{cell['bank']}-{cell['study']}"
                                            f"-{cell['sickness']}-{cell['other']}"), worked("productive_hours"), HOURS),
        ("Productive weeks", guarded(f"{productive}/{h}"), worked("productive_weeks"), HOURS),
        ("Job-planned weeks", f"{wpy}-({leave}+{bank}+{study})/5", job_planned_weeks(person.leave_days, params),
         HOURS),
        ("Direct clinical care hours a year", guarded(f"IF({job_plan}>0,{cell['DCC']}/{job_plan}*{productive},0)"),
         annual_dcc, HOURS),
        ("Time unavailable", guarded(f"1-{productive}/{annual}"), worked("unavailable_pct"), PERCENT),
        ("Headroom uplift", guarded(f"{annual}/{productive}-1"), worked("headroom_uplift"), PERCENT),
    ]


# rows of the calculator other rows refer to: label -> key in the cell map
CALCULATOR_KEYS = {"Contracted hours a year": "annual", "Annual leave": "annual_leave", "Bank holidays": "bank",
                   "Study leave": "study", "Sickness": "sickness", "Other leave": "other",
                   "Productive hours a year": "productive"}
CALCULATOR_LABELS = ("WTE (whole-time equivalent)", "Contracted hours a year", "Annual leave", "Bank holidays",
                     "Study leave", "Sickness", "Other leave", "Productive hours a year", "Productive weeks",
                     "Job-planned weeks", "Direct clinical care hours a year", "Time unavailable", "Headroom uplift")


class _Layout:
    """Rows written top to bottom; each cell top-aligned, long text wrapped, its row made tall enough."""

    def __init__(self):
        self.sheet = NewSheet(widths=dict(enumerate(SHEET_WIDTHS, start=1)))
        self.row = 0

    def skip(self) -> None:
        self.row += 1

    def write(self, values: list, *, bold=(), formats=None, inputs=(), formulas=None, indented=()) -> int:
        """One row; ``bold``, ``inputs`` and ``indented`` are column numbers, ``formulas`` column -> formula."""
        self.row += 1
        lines = 1
        formulas = formulas or {}
        for column, value in enumerate(values, start=1):
            if (value is None or value == "") and column not in formulas:
                continue
            width = SHEET_WIDTHS[column - 1] if column <= len(SHEET_WIDTHS) else 10
            # a column width holds about 1.25 characters of Calibri 11's ordinary text
            fits = max(int(width * 1.25) - 2, 1)
            long = isinstance(value, str) and column not in formulas and (len(value) > fits or "\n" in value)
            if long:
                lines = max(lines, sum(len(part) // fits + 1 for part in value.split("\n")))
            style = CellStyle(bold=column in bold, wrap=long, fill=INPUT_FILL if column in inputs else None,
                              number_format=(formats or {}).get(column), indent=1 if column in indented else 0)
            self.sheet.cells[(self.row, column)] = Cell(value, formulas.get(column), style)
        if lines > 1:
            self.sheet.heights[self.row] = 15 * lines
        return self.row


def _person_sheet(person: Person, params: Params) -> NewSheet:
    """A one-person productive-hours calculator: inputs in yellow cells, every figure a formula over them,
    written with the value jobplan worked out (so previews and pandas see it, and nothing recalculates the
    trust's own sheets on opening)."""
    plan = person.plan
    out = _Layout()
    out.write(["Job plan as read by jobplan"], bold={1})
    out.write([f"Read from sheet '{plan.sheet}' of {plan.file} ({plan.template}). Yellow cells are inputs: "
               "change one and the figures below follow."])
    out.skip()
    for label, value in (("Name", plan.name), ("Band", plan.band), ("Professional group", plan.professional_group),
                         ("Signed off", plan.sign_off)):
        out.write([label, value], bold={1}, formats={2: UK_DATE})
    out.skip()
    out.write(["Inputs", "Value", "Unit"], bold={1, 2, 3}, indented={3})
    cell: dict[str, str] = {}
    at = out.write(["Contracted hours a week", person.contracted_hours, "hours"], inputs={2}, formats={2: HOURS},
                   indented={3})
    cell["contracted"] = f"$B${at}"
    cell["leave"] = f"$B${out.write(['Annual leave days', person.leave_days, 'days'], inputs={2}, indented={3})}"
    for name, (label, unit) in PARAMETER_INPUTS.items():
        fraction = name.endswith("_rate")
        value = getattr(params, name)
        at = out.write([label, value, unit], inputs={2}, formats={2: PERCENT if fraction else "0.##"},
                       indented={3})
        cell[name] = f"$B${at}"
    out.skip()
    out.write(["Activity", "Category", "Hours a week", "Pillar", "Sheet", "Cell", "How it was read"],
              bold=set(range(1, 8)), indented={4})
    first_line = out.row + 1
    for line in plan.lines:
        out.write([line.activity, line.category, round(line.hours, 9), line.pillar, line.sheet, line.cell,
                   line.note], formats={3: HOURS}, indented={4})
    last_line = max(out.row, first_line)
    out.skip()
    out.write(["Weekly totals"], bold={1})
    categories, hours = f"$B${first_line}:$B${last_line}", f"$C${first_line}:$C${last_line}"
    for category in CATEGORIES:
        at = out.write([category, None, getattr(person.hours, category)], formats={3: HOURS},
                       formulas={3: f'SUMIF({categories},"{category}",{hours})'})
        cell[category] = f"$C${at}"
    at = out.write(["Job plan hours", None, person.hours.total], bold={1}, formats={3: HOURS},
                   formulas={3: "+".join(cell[c] for c in CATEGORIES)})
    cell["job_plan"] = f"$C${at}"
    contracted = cell["contracted"]
    unplanned = person.unallocated if person.unallocated is not None else ""
    out.write(["Contracted hours not in the plan", None, unplanned], formats={3: HOURS},
              formulas={3: f'IF(N({contracted})>0,{contracted}-{cell["job_plan"]},"")'})
    out.skip()
    out.write(["Productive hours and headroom"], bold={1})
    # the rows refer to one another, so their places are known before they are written
    for offset, label in enumerate(CALCULATOR_LABELS, start=out.row + 1):
        if label in CALCULATOR_KEYS:
            cell[CALCULATOR_KEYS[label]] = f"$C${offset}"
    rows = _calculator_rows(cell, person, params)
    assert [label for label, *_ in rows] == list(CALCULATOR_LABELS)  # the places given out above
    for label, formula, value, number_format in rows:
        out.write([label, None, value], formats={3: number_format}, formulas={3: formula})
    if person.findings:
        out.skip()
        out.write(["Findings", "Severity", "Cell", "What to do"], bold={1, 2, 3, 4})
        for finding in person.findings:
            out.write([finding.message, finding.severity, finding.cell, finding.action])
    return out.sheet

