"""Which template a sheet holds, told by its content, and the reader for each kind."""
from __future__ import annotations

from pathlib import Path

from ..model import Finding, JobPlan
from ..params import Params
from . import bnssg, cns_option1, cns_option2
from .cells import MAX_COLUMNS, MAX_ROWS, normalise_label
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
