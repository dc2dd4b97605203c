"""The annotated copy of a workbook: the original sheets as they were, a comment on every cell a
finding points to, and a sheet per person with the lines, totals and productive hours read from it."""
from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..checks import Person
from ..model import CATEGORIES
from ..params import Params
from .atomic import atomic_path

COMMENT_AUTHOR = "jobplan"
SHEET_TITLE = "jobplan"
PERCENT_ROWS = {"Unavailable %", "Headroom uplift %"}


def put(cell, value: Any) -> None:
    """Set a cell; text stays text even when it starts with '=' (openpyxl would make it a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_annotated(source: Path, target: Path, people: list[Person], params: Params) -> None:
    """Copy ``source`` to ``target`` with comments and a jobplan sheet per person; ``source`` is only read."""
    import openpyxl

    with warnings.catch_warnings():
        # features openpyxl cannot keep (slicers, some extensions) are reported as UserWarning
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    _add_comments(book, [f for person in people for f in person.findings])
    for person in people:
        title = _free_title(book, SHEET_TITLE if len(people) == 1 else f"{SHEET_TITLE} {person.plan.sheet}")
        _write_person_sheet(book.create_sheet(title), person, params)
    with atomic_path(target) as tmp:
        book.save(tmp)


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


def _write_person_sheet(sheet, person: Person, params: Params) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    plan, rows = person.plan, []
    rows.append([("Job plan as read by jobplan", bold)])
    rows.append([f"Read from sheet '{plan.sheet}' of {plan.file} ({plan.template})."])
    rows.append([])
    for label, value in (("Name", plan.name), ("Band", plan.band), ("Professional group", plan.professional_group),
                         ("Contracted hours a week", person.contracted_hours), ("Annual leave days", person.leave_days),
                         ("Sign-off", plan.sign_off)):
        rows.append([(label, bold), value])
    rows.append([])
    rows.append([(h, bold) for h in ("Activity", "Category", "Hours a week", "Pillar", "Sheet", "Cell", "How")])
    for line in plan.lines:
        rows.append([line.activity, line.category, round(line.hours, 4), line.pillar, line.sheet, line.cell,
                     line.note])
    rows.append([])
    rows.append([("Weekly totals", bold)])
    for category in CATEGORIES:
        rows.append([category, None, getattr(person.hours, category)])
    rows.append([("Job plan hours", bold), None, person.job_plan_hours])
    if person.unallocated is not None:
        rows.append(["Contracted hours not in the plan", None, round(person.unallocated, 9)])
    if person.productive is not None:
        p = person.productive
        rows.append([])
        rows.append([("Productive hours a year", bold)])
        for label, value in (("Annual contracted hours", p.annual_hours), ("Annual leave", p.annual_leave_hours),
                             ("Bank holidays", p.bank_holiday_hours), ("Study leave", p.study_leave_hours),
                             ("Sickness", p.sickness_hours), ("Other leave", p.other_leave_hours),
                             ("Productive hours", p.productive_hours), ("Productive weeks", p.productive_weeks),
                             ("Job-planned weeks", p.job_planned_weeks), ("Annual DCC hours", person.annual.DCC),
                             ("Unavailable %", p.unavailable_pct), ("Headroom uplift %", p.headroom_uplift)):
            rows.append([label, None, value])
    if person.findings:
        rows.append([])
        rows.append([(h, bold) for h in ("Findings", "Severity", "Cell", "What to do")])
        for f in person.findings:
            rows.append([f.message, f.severity, f.cell, f.action])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=1):
        for c, item in enumerate(row, start=1):
            value, font = item if isinstance(item, tuple) else (item, None)
            if value is None:
                continue
            cell = sheet.cell(r, c)
            put(cell, value)
            cell.alignment = wrap
            if font is not None:
                cell.font = font
            if isinstance(value, float):
                cell.number_format = "0.0%" if row[0] in PERCENT_ROWS else "0.00"
            elif hasattr(value, "year"):
                cell.number_format = "dd/mm/yyyy"
    for letter, width in zip("ABCDEFG", (60, 10, 12, 16, 14, 8, 48)):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
