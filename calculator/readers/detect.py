"""Which template a sheet holds, told by its content, and the reader for each kind."""
from __future__ import annotations

from pathlib import Path

from ..model import Finding, JobPlan
from ..params import Params
from . import bnssg, cns_option1, cns_option2
from .cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    Grid,
    coordinate,
    label_starts,
    normalise_label,
)
from .header import HEADER_LABELS
from .workbook import load_grids, uncalculated_formulas

# kind of template -> (does this sheet hold one?, read it), tried in this order
READERS = {
    bnssg.TEMPLATE: (bnssg.is_bnssg, bnssg.read_bnssg),
    cns_option2.TEMPLATE: (cns_option2.is_cns_option2, cns_option2.read_cns_option2),
    cns_option1.TEMPLATE: (cns_option1.is_cns_option1, cns_option1.read_cns_option1),
}

LOOKED_FOR = (
    "a BNSSG Appendix 1 session timetable (a heading row with 'Day and time' and 'Type of work'), "
    "a Cancer CNS Option 2 table (a 'Proposed regular number of sessions' column) or a Cancer CNS "
    "Option 1 typical week (a row of weekdays with AM and PM rows beneath)"
)
# sheets that explain a template (the CNS guidance repeats the guide's example week) hold nobody's plan
GUIDANCE_SHEET_WORDS = ("guidance", "example", "instructions", "read me", "readme", "help")

# what marks a sheet as someone's job plan even when no reader can read it: the person's details, and
# the shape of a plan (weekdays with AM / PM, session or activity headings). Details alone are a staff
# list, and weekdays alone a drop-down list: a sheet needs some shape and one more sign to be reported.
_DETAIL_FIELDS = {"name": "a Name field", "band": "a Band field", "contracted_hours": "a Contracted hours field",
                  "wte": "a WTE field", "job_title": "a job title field"}
_DETAIL_LABELS = {label: field for field in _DETAIL_FIELDS for label in HEADER_LABELS[field]}
_HALF_DAY_WORDS = ("am", "pm", "morning", "afternoon", "am session", "pm session", "morning session",
                   "afternoon session")
_PLAN_HEADINGS = ("session", "sessions", "type of work", "day and time", "frequency", "additional activities",
                  "proposed regular number of sessions", "proposed number of sessions", "clinical activity",
                  "clinical activities", "professional activities", "daily and when required",
                  "session usually undertaken in", "job plan", "typical week", "timetable")
# the console counts sheets that looked like plans from the findings that say one was not read
UNREAD_SHEET = "looks like a job plan"


def read_workbook(path: Path, params: Params, display_name: str | None = None) -> tuple[list[JobPlan], list[Finding]]:
    """Every job plan in the workbook (one per sheet that holds one), and findings about the file itself.

    Raises WorkbookError when the file cannot be opened at all.
    """
    name = display_name or Path(path).name
    plans: list[JobPlan] = []
    findings: list[Finding] = []
    for grid in load_grids(path, params.limits):
        if grid.truncated:
            findings.append(Finding(
                name, grid.sheet, "", "warning",
                f"Only the first {MAX_ROWS} rows and {MAX_COLUMNS} columns of this sheet were read.",
                "A job plan fits well inside that; move anything else to another workbook.",
            ))
        if any(word in normalise_label(grid.sheet) for word in GUIDANCE_SHEET_WORDS):
            continue
        for _kind, (holds, read) in READERS.items():
            if holds(grid):
                plans.append(read(grid, name, params))
                break
        else:
            signs = job_plan_signs(grid)
            if signs:
                what = ", ".join(text for text, _cell in signs)
                findings.append(Finding(
                    name, grid.sheet, signs[0][1], "warning",
                    f"Sheet '{grid.sheet}' {UNREAD_SHEET} ({what}) but could not be read as any template, so "
                    "nobody on it is counted.",
                    f"Lay the sheet out as a template jobplan reads: {LOOKED_FOR}; or rename it 'Guidance' if "
                    "it holds nobody's plan.",
                ))
    for sheet, cells in uncalculated_formulas(Path(path)).items():
        shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
        holds = "hold formulas whose results were" if len(cells) > 1 else "holds a formula whose result was"
        findings.append(Finding(
            name, sheet, cells[0], "warning",
            f"{shown} {holds} never saved (the workbook was not last saved by Excel), so jobplan reads "
            f"{'them' if len(cells) > 1 else 'it'} as empty.",
            "Open the workbook in Excel, save it, and run again.",
        ))
    if not plans:
        findings.append(Finding(
            name, "", "", "error",
            f"No job plan was found in this workbook: jobplan looked on every sheet for {LOOKED_FOR}.",
            "Check this is a job plan, filled in on the jobplan template or a copy of Appendix 1.",
        ))
    return plans, findings


def job_plan_signs(grid: Grid) -> list[tuple[str, str]]:
    """What on a sheet no reader could read looks like a job plan: (what, its first cell), or [] when
    too little does (a guidance text, a staff list, a list of choices for drop-downs)."""
    found: dict[str, str] = {}
    day_rows: dict[int, int] = {}
    day_cols: dict[int, int] = {}
    for row, col, value in grid.cells():
        text = normalise_label(value)
        if not text or len(text) > 80:
            continue
        cell = coordinate(row, col)
        if text in _DETAIL_LABELS:
            found.setdefault(_DETAIL_FIELDS[_DETAIL_LABELS[text]], cell)
        elif text in cns_option1.WEEKDAYS:
            day_rows[row] = day_rows.get(row, 0) + 1
            day_cols[col] = day_cols.get(col, 0) + 1
            if day_rows[row] >= 3 or day_cols[col] >= 3:
                found.setdefault("weekday headings", cell)
        elif text in _HALF_DAY_WORDS:
            found.setdefault("AM / PM labels", cell)
        elif label_starts(value, *_PLAN_HEADINGS):
            found.setdefault(f"a '{str(value).strip()[:40]}' heading", cell)
    shape = [key for key in found if key in ("weekday headings", "AM / PM labels") or key.endswith("heading")]
    if not shape or len(found) < 2:
        return []
    return sorted(found.items(), key=lambda item: _cell_order(item[1]))


def _cell_order(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):]), letters.rjust(3)


def unread_sheet_count(findings: list[Finding]) -> int:
    """How many sheets looked like job plans but could not be read (for the console's count)."""
    return sum(1 for f in findings if f.severity == "warning" and UNREAD_SHEET in f.message and f.sheet)
