"""How much one workbook may cost: what a job plan could never need, so that a bomb or a damaged file
is refused (or stopped) as one finding and the team's run goes on.

The defaults are generous: a real trust's workbook, 20 sheets and a logo, is a few hundred kilobytes
and inflates to a few megabytes; a job plan sheet uses a few hundred cells. A trust that needs more
sets them in jobplan.toml under ``[limits]`` (README: "Limits").
"""
from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The budget of one workbook: checked before it is parsed, and enforced while it is read."""

    # the file on disk: a job plan with photos and logos is a few MB
    file_mb: float = 50
    # one part of the package (a sheet's XML, the shared strings) inflated: a 2,000-row plan is about 1 MB,
    # and 32 MB of XML is what openpyxl copies in about the time below
    part_mb: float = 32
    # every part together, inflated
    package_mb: float = 200
    # how much a part larger than 1 MB may inflate: real sheets 5 to 50 times, a zip bomb a thousand
    inflation_ratio: float = 250
    # parts in the package (a 20-sheet workbook has about 50)
    parts: int = 5000
    # sheets in one workbook (a team's workbook may hold one per person)
    sheets: int = 250
    # a sheet's used area (rows x columns from A1 to its last cell): a spreadsheet reader builds the whole
    # grid, so a cell at XFD1048576 would mean 17 billion cells; a job plan uses a few thousand
    sheet_cells: int = 20_000_000
    # time to read and check one workbook, and again to write its annotated copy
    seconds_per_workbook: float = 60
    # address space of the process reading one workbook (Linux and macOS; not enforced on Windows)
    memory_mb: int = 3072

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value == float("inf"):
                raise ValueError(f"limit {f.name} must be a positive number, not {value!r}")


LIMIT_MEANINGS = {
    "file_mb": "largest workbook file read, in MB",
    "part_mb": "largest part of a workbook package (a sheet, the shared strings) once inflated, in MB",
    "package_mb": "all parts of a workbook together once inflated, in MB",
    "inflation_ratio": "how many times a part over 1 MB may inflate",
    "parts": "most parts in one workbook package",
    "sheets": "most sheets in one workbook",
    "sheet_cells": "largest used area of a sheet, in cells from A1 to its last cell",
    "seconds_per_workbook": "time to read one workbook, and again to write its annotated copy",
    "memory_mb": "memory of the process reading one workbook, in MB",
}
