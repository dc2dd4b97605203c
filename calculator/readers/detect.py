"""Which template a sheet holds, told by its content, and the reader for each kind."""
from __future__ import annotations

from pathlib import Path

from ..model import Finding, JobPlan
from ..params import Params
from . import bnssg
from .cells import MAX_COLUMNS, MAX_ROWS
from .workbook import load_grids

# kind of template -> (does this sheet hold one?, read it); the CNS kinds join here
READERS = {
    bnssg.TEMPLATE: (bnssg.is_bnssg, bnssg.read_bnssg),
}

LOOKED_FOR = (
    "a BNSSG Appendix 1 session timetable (a heading row with 'Session', 'Day and time' and "
    "'Type of work')"
)


def read_workbook(path: Path, params: Params, display_name: str | None = None) -> tuple[list[JobPlan], list[Finding]]:
    """Every job plan in the workbook (one per sheet that holds one), and findings about the file itself.

    Raises WorkbookError when the file cannot be opened at all.
    """
    name = display_name or Path(path).name
    plans: list[JobPlan] = []
    findings: list[Finding] = []
    for grid in load_grids(path):
        if grid.truncated:
            findings.append(Finding(
                name, grid.sheet, "", "warning",
                f"Only the first {MAX_ROWS} rows and {MAX_COLUMNS} columns of this sheet were read.",
                "A job plan fits well inside that; move anything else to another workbook.",
            ))
        for _kind, (holds, read) in READERS.items():
            if holds(grid):
                plans.append(read(grid, name, params))
                break
    if not plans:
        findings.append(Finding(
            name, "", "", "error",
            f"No job plan was found in this workbook: jobplan looked on every sheet for {LOOKED_FOR}.",
            "Check this is a job plan, filled in on the jobplan template or a copy of Appendix 1.",
        ))
    return plans, findings
