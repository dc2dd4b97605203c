"""The annotated copy of a workbook: the original sheets as they were, a comment on every cell a
finding points to, and a sheet per person with the lines, totals and productive hours read from it."""
from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..checks import Person
from ..model import CATEGORIES
from ..params import PARAM_INFO, Params
from ..readers.workbook import EXCEL_SUFFIXES
from ..text.xml_safe import fits_a_cell, xml_safe
from .atomic import atomic_path

COMMENT_AUTHOR = "jobplan"
SHEET_TITLE = "jobplan"
SHEET_WIDTHS = (60, 12, 18, 16, 14, 8, 48)  # columns A to G of the added sheet


class Formula(str):
    """A formula of ours; any other text is written as text, whatever it starts with."""


def put(cell, value: Any) -> None:
    """Set a cell; text stays text even when it starts with '=' (openpyxl would make it a formula)."""
    cell.value = str(value) if isinstance(value, Formula) else fits_a_cell(xml_safe(value)) if isinstance(value, str) else value
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"


def write_annotated(source: Path, target: Path, people: list[Person], params: Params) -> None:
    """Copy ``source`` to ``target`` with comments and a jobplan sheet per person; ``source`` is only read."""
    book = _open_copy(source)
    _add_comments(book, [f for person in people for f in person.findings])
    for person in people:
        title = _free_title(book, SHEET_TITLE if len(people) == 1 else f"{SHEET_TITLE} {person.plan.sheet}")
        _write_person_sheet(book.create_sheet(title), person, params)
    # openpyxl cannot store a formula's value: have Excel and LibreOffice work them out on opening
    book.calculation.fullCalcOnLoad = True
    with atomic_path(target) as tmp:
        book.save(tmp)


def _open_copy(source: Path):
    """The workbook to annotate: the original itself for .xlsx and .xlsm (macros kept), or, for .xls and
    .ods, which openpyxl cannot open, a new workbook holding their sheets' values."""
    import openpyxl

    if source.suffix.lower() in EXCEL_SUFFIXES:
        with warnings.catch_warnings():
            # features openpyxl cannot keep (slicers, some extensions) are reported as UserWarning
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    from ..readers.workbook import load_grids

    book = openpyxl.Workbook()
    book.remove(book.active)
    for grid in load_grids(source):
        sheet = book.create_sheet(grid.sheet[:31])
        for (row, col), value in grid.values.items():
            put(sheet.cell(row, col), value)
    return book


def annotated_name(source: Path, taken: set[str]) -> str:
    """The copy's file name: the original's, as .xlsx for .xls and .ods; never one already taken."""
    suffix = source.suffix if source.suffix.lower() in EXCEL_SUFFIXES else ".xlsx"
    name, n = f"{source.stem}{suffix}", 2
    while name.casefold() in taken:
        name, n = f"{source.stem} ({n}){suffix}", n + 1
    taken.add(name.casefold())
    return name


def _free_title(book, wanted: str) -> str:
    wanted = wanted[:31]
    title, n = wanted, 2
    while title in book.sheetnames:
        suffix = f" ({n})"
        title, n = wanted[: 31 - len(suffix)] + suffix, n + 1
    return title


def _add_comments(book, findings) -> None:
    from openpyxl.comments import Comment

    by_cell: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in findings:
        if f.sheet in book.sheetnames and f.cell:
            text = f"{f.severity.upper()}: {f.message}" + (f" {f.action}" if f.action else "")
            by_cell[(f.sheet, f.cell)].append(text)
    for (sheet_name, address), notes in by_cell.items():
        cell = _anchor(book[sheet_name], address)
        text = "\n\n".join(notes)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n\n{text}"
        comment = Comment(text, COMMENT_AUTHOR)
        comment.width, comment.height = 320, 40 + 60 * len(notes)
        cell.comment = comment


def _anchor(sheet, address: str):
    """The cell to hang a comment on: a merged range's top-left cell holds it."""
    for merged in sheet.merged_cells.ranges:
        if address in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[address]


# the productive-hours calculator on the added sheet: (label, Excel formula over the input cells);
# the formulas are method.md §3 as calculator/hours.py has it, and tests prove the two agree in LibreOffice
def _calculator_rows(cell: dict[str, str]) -> list[tuple[str, Formula]]:
    h, leave, annual = cell["contracted"], cell["leave"], cell["annual"]
    wpy, bank, study = cell["weeks_per_year"], cell["bank_holiday_days"], cell["study_leave_days"]
    productive, job_plan = cell["productive"], cell["job_plan"]

    def guarded(formula: str) -> Formula:
        return Formula(f'=IF(N({h})>0,{formula},"")')

    return [
        ("WTE", guarded(f"{h}/{cell['full_time_hours']}")),
        ("Annual contracted hours", guarded(f"{h}*{wpy}")),
        ("Annual leave", guarded(f"{leave}*{h}/5")),
        ("Bank holidays", guarded(f"{bank}*{h}/5")),
        ("Study leave", guarded(f"{study}*{h}/5")),
        ("Sickness", guarded(f"{cell['sickness_rate']}*{annual}")),
        ("Other leave", guarded(f"{cell['other_leave_rate']}*{annual}")),
        ("Productive hours", guarded(f"{annual}-{cell['annual_leave']}-{cell['bank']}-{cell['study']}"
                                     f"-{cell['sickness']}-{cell['other']}")),
        ("Productive weeks", guarded(f"{productive}/{h}")),
        ("Job-planned weeks", Formula(f"={wpy}-({leave}+{bank}+{study})/5")),
        ("Annual DCC hours", guarded(f"IF({job_plan}>0,{cell['DCC']}/{job_plan}*{productive},0)")),
        ("Unavailable %", guarded(f"1-{productive}/{annual}")),
        ("Headroom uplift %", guarded(f"{annual}/{productive}-1")),
    ]


CALCULATOR_LABELS = ("WTE", "Annual contracted hours", "Annual leave", "Bank holidays", "Study leave", "Sickness",
                     "Other leave", "Productive hours", "Productive weeks", "Job-planned weeks", "Annual DCC hours",
                     "Unavailable %", "Headroom uplift %")
CALCULATOR_KEYS = {"Annual contracted hours": "annual", "Annual leave": "annual_leave", "Bank holidays": "bank",
                   "Study leave": "study", "Sickness": "sickness", "Other leave": "other",
                   "Productive hours": "productive"}
PARAMETER_INPUTS = ("weeks_per_year", "bank_holiday_days", "study_leave_days", "sickness_rate", "other_leave_rate",
                    "full_time_hours")


def _write_person_sheet(sheet, person: Person, params: Params) -> None:
    """A one-person productive-hours calculator: inputs in yellow cells, every figure a formula over them."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, wrap = Font(name="Calibri", bold=True), Alignment(wrap_text=True, vertical="top")
    widths = dict(zip(range(1, 8), SHEET_WIDTHS))
    shade = PatternFill("solid", fgColor="FFF2CC")
    plan = person.plan
    row = 0

    def write(values: list, *, fonts=None, formats=None, inputs=()) -> int:
        nonlocal row
        row += 1
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            target = sheet.cell(row, col)
            put(target, value)
            if isinstance(value, str) and len(value) >= widths.get(col, 10):
                target.alignment = wrap  # styles cost time in openpyxl: only where text needs wrapping
            if fonts and col - 1 < len(fonts) and fonts[col - 1]:
                target.font = fonts[col - 1]
            if formats and col - 1 < len(formats) and formats[col - 1]:
                target.number_format = formats[col - 1]
            if col in inputs:
                target.fill = shade
        # openpyxl sets no heights, and wrapped text would run into the next row
        lines = max((len(str(v)) // max(widths.get(c, 10) - 1, 1) + 1 for c, v in enumerate(values, start=1)
                     if isinstance(v, str) and not isinstance(v, Formula)), default=1)
        if lines > 1:
            sheet.row_dimensions[row].height = 15 * lines
        return row

    write(["Job plan as read by jobplan"], fonts=[bold])
    write([f"Read from sheet '{plan.sheet}' of {plan.file} ({plan.template}). Yellow cells are inputs: change "
           "one and the figures below follow."])
    row += 1
    for label, value in (("Name", plan.name), ("Band", plan.band), ("Professional group", plan.professional_group),
                         ("Sign-off", plan.sign_off)):
        write([label, value], fonts=[bold], formats=[None, "dd/mm/yyyy"])
    row += 1
    write(["Inputs", "Value", "Unit"], fonts=[bold, bold, bold])
    cell: dict[str, str] = {}
    at = write(["Contracted hours a week", person.contracted_hours, "hours"], inputs=(2,), formats=[None, "0.00"])
    cell["contracted"] = f"$B${at}"
    cell["leave"] = f"$B${write(['Annual leave days', person.leave_days, 'days'], inputs=(2,))}"
    for name in PARAMETER_INPUTS:
        info = PARAM_INFO[name]
        fmt = "0.0%" if info.kind == "fraction" else "0.######"
        cell[name] = f"$B${write([name, getattr(params, name), info.unit], inputs=(2,), formats=[None, fmt])}"
    row += 1
    write(["Activity", "Category", "Hours a week", "Pillar", "Sheet", "Cell", "How"], fonts=[bold] * 7)
    first_line = row + 1
    for line in plan.lines:
        write([line.activity, line.category, round(line.hours, 9), line.pillar, line.sheet, line.cell, line.note],
              formats=[None, None, "0.00"])
    last_line = max(row, first_line)
    row += 1
    write(["Weekly totals"], fonts=[bold])
    categories = f"$B${first_line}:$B${last_line}"
    hours = f"$C${first_line}:$C${last_line}"
    for category in CATEGORIES:
        total = Formula(f'=SUMIF({categories},"{category}",{hours})')
        cell[category] = f"$C${write([category, None, total], formats=[None, None, '0.00'])}"
    job_plan = Formula("=" + "+".join(cell[c] for c in CATEGORIES))
    cell["job_plan"] = f"$C${write(['Job plan hours', None, job_plan], fonts=[bold], formats=[None, None, '0.00'])}"
    contracted = cell["contracted"]
    unplanned = Formula(f'=IF(N({contracted})>0,{contracted}-{cell["job_plan"]},"")')
    write(["Contracted hours not in the plan", None, unplanned], formats=[None, None, "0.00"])
    row += 1
    write(["Productive hours a year (method.md §3)"], fonts=[bold])
    # the rows refer to one another, so their places are known before they are written
    for offset, label in enumerate(CALCULATOR_LABELS, start=1):
        if label in CALCULATOR_KEYS:
            cell[CALCULATOR_KEYS[label]] = f"$C${row + offset}"
    rows = _calculator_rows(cell)
    assert [label for label, _ in rows] == list(CALCULATOR_LABELS)  # the places given out above
    for label, formula in rows:
        write([label, None, formula], formats=[None, None, "0.0%" if label.endswith("%") else "0.00"])
    if person.findings:
        row += 1
        write(["Findings", "Severity", "Cell", "What to do"], fonts=[bold] * 4)
        for f in person.findings:
            write([f.message, f.severity, f.cell, f.action])
    for letter, width in zip("ABCDEFG", SHEET_WIDTHS):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
