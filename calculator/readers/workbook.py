"""Open a workbook and hand back each sheet's values as a Grid; nothing else opens inputs."""
from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple

from ..errors import WorkbookError
from .cells import MAX_COLUMNS, MAX_ROWS, Grid, grid_from_rows

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def load_grids(path: Path) -> list[Grid]:
    """The values of every worksheet, as Excel last calculated them (formulas give their cached value)."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it drops (extensions, slicers); we only read values
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise WorkbookError(
            "This file is not an Excel workbook that can be opened (it may be damaged, cut short, "
            "or another kind of file renamed .xlsx)."
        ) from None
    except (KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"This workbook could not be opened: {exc}.") from None
    try:
        grids = []
        for sheet in book.worksheets:
            rows = sheet.iter_rows(min_row=1, min_col=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1,
                                   values_only=True)
            grid = grid_from_rows(sheet.title, rows)
            grid.fill_merged_down(_merged_ranges(book, sheet))
            grids.append(grid)
        return grids
    finally:
        book.close()


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(book, sheet) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range.

    openpyxl's read-only mode does not report merged cells, so they are read from the sheet's
    XML: a short scan for <mergeCell ref="A1:B2"/>, which cannot expand entities.
    """
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(book, "_archive", None)
    if path is None or archive is None:
        return []
    ranges = []
    for start, end in _MERGE_CELL.findall(archive.read(path)):
        first_col, first_row = coordinate_to_tuple(start.decode())[::-1]
        last_col, last_row = coordinate_to_tuple(end.decode())[::-1]
        ranges.append((first_row, first_col, last_row, last_col))
    return ranges
