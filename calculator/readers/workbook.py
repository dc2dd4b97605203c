"""Open a workbook and hand back each sheet's values as a Grid; nothing else opens inputs."""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from ..errors import WorkbookError
from .cells import MAX_COLUMNS, MAX_ROWS, Grid, grid_from_rows

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def load_grids(path: Path) -> list[Grid]:
    """The values of every worksheet, as Excel last calculated them (formulas give their cached value)."""
    import openpyxl  # imported here: it is the slowest import and --help should not pay for it

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
            grids.append(grid_from_rows(sheet.title, rows))
        return grids
    finally:
        book.close()
